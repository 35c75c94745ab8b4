/**
 * Tokeniser for `$filter`, `$orderby` and key predicates. Every malformed input (lone quote, bad typed
 * literal, stray character such as a literal `+`) ends in code 14, never in a JavaScript exception.
 */
import { ODataError, parseError } from './errors';
import { normaliseGuid, parseNaiveDateTime } from './literals';

export type Punct = '(' | ')' | ',' | '/' | ':' | '=' | '-' | '*';

export type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'guid'; value: string; pos: number }
  | { kind: 'datetime'; value: number; pos: number }
  | { kind: 'number'; value: number; integer: boolean; pos: number }
  | { kind: 'punct'; text: Punct; pos: number }
  | { kind: 'eof'; pos: number };

/** Generous bound: 1C's own URL limits are far lower; this only stops pathological input. */
export const MAX_EXPRESSION_LENGTH = 32_768;

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;
const PUNCT = new Set<string>(['(', ')', ',', '/', ':', '=', '-', '*']);
const NUMBER_RE = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[lLmMdDfF]?/;

export function tokenize(text: string, option = '$filter'): Token[] {
  if (text.length > MAX_EXPRESSION_LENGTH) throw parseError(option);
  const tokens: Token[] = [];
  let i = 0;
  const fail = (): ODataError => parseError(option);
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      i += 1;
      continue;
    }
    const pos = i;
    if (ch === "'") {
      const [value, next] = readQuoted(text, i, fail);
      tokens.push({ kind: 'string', value, pos });
      i = next;
      continue;
    }
    if (PUNCT.has(ch)) {
      tokens.push({ kind: 'punct', text: ch as Punct, pos });
      i += 1;
      continue;
    }
    if (ch >= '0' && ch <= '9') {
      const m = NUMBER_RE.exec(text.slice(i, i + 64));
      if (!m) throw fail();
      const raw = m[0];
      const digits = raw.replace(/[lLmMdDfF]$/, '');
      const value = Number(digits);
      const after = text[i + raw.length];
      if (!Number.isFinite(value) || (after !== undefined && IDENT_PART.test(after))) throw fail();
      tokens.push({ kind: 'number', value, integer: /^\d+$/.test(digits), pos });
      i += raw.length;
      continue;
    }
    const cp = String.fromCodePoint(text.codePointAt(i) ?? 0);
    if (IDENT_START.test(cp)) {
      let end = i + cp.length;
      while (end < text.length) {
        const next = String.fromCodePoint(text.codePointAt(end) ?? 0);
        if (!IDENT_PART.test(next)) break;
        end += next.length;
      }
      const word = text.slice(i, end);
      if (text[end] === "'") {
        const [body, next] = readQuoted(text, end, fail);
        tokens.push(typedLiteral(word, body, pos, fail));
        i = next;
        continue;
      }
      tokens.push({ kind: 'ident', text: word, pos });
      i = end;
      continue;
    }
    throw fail();
  }
  tokens.push({ kind: 'eof', pos: text.length });
  return tokens;
}

/** Reads `'…'` starting at the opening quote; `''` is an escaped apostrophe. Returns [value, next index]. */
function readQuoted(text: string, start: number, fail: () => ODataError): [string, number] {
  let value = '';
  let i = start + 1;
  for (;;) {
    const q = text.indexOf("'", i);
    if (q < 0) throw fail();
    value += text.slice(i, q);
    if (text[q + 1] === "'") {
      value += "'";
      i = q + 2;
      continue;
    }
    return [value, q + 1];
  }
}

function typedLiteral(prefix: string, body: string, pos: number, fail: () => ODataError): Token {
  const kind = prefix.toLowerCase();
  if (kind === 'guid') {
    const value = normaliseGuid(body);
    if (value === undefined) throw fail();
    return { kind: 'guid', value, pos };
  }
  if (kind === 'datetime') {
    const value = parseNaiveDateTime(body);
    if (value === undefined) throw fail();
    return { kind: 'datetime', value, pos };
  }
  throw fail();
}
