/**
 * Decoder for PHP-style form / query strings (`fields[TITLE]=x&select[]=ID&filter[>ID]=10`), the wire format
 * Bitrix24 uses for outbound events and accepts for inbound REST calls. It mirrors PHP's `parse_str`:
 *  - pairs split on `&`, `+` means space, `%XX` is percent-decoding (UTF-8; malformed escapes kept as-is);
 *  - `a[b][c]=v` builds nested maps, `a[]=v` appends with the next integer key;
 *  - later assignments win (`a=1&a[b]=2` turns `a` into a map);
 *  - in the base name, spaces and dots become `_` (PHP's variable-name rule), and an unclosed `[` too.
 * Maps whose keys are exactly 0..n-1 in insertion order come back as arrays (what PHP's json_encode does),
 * every other map as an object. Pure: no node: imports, so the product's webhook receiver can share it.
 *
 * The input comes from the internet, so unlike PHP (whose arrays have no prototype) two JS hazards are closed:
 * objects are created without a prototype (`Object.create(null)`), and any pair whose name has a segment
 * `__proto__`, `constructor` or `prototype` is dropped — otherwise `__proto__[auth][x]=1` would set the
 * prototype of the result and a schema would read `auth` although `Object.keys` never shows it.
 */

/** PHP's default max_input_nesting_level: deeper variables are dropped, not truncated. */
const MAX_DEPTH = 64;

/** Names that reach into the prototype chain of a JS object; a pair using one is dropped. */
export const FORBIDDEN_FORM_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type FormObject = { [key: string]: FormValue };
export type FormValue = string | FormValue[] | FormObject;

function nullObject(): FormObject {
  return Object.create(null) as FormObject;
}

/** Insertion-ordered map: JS objects reorder integer-like keys, PHP arrays do not. */
class PhpArray {
  readonly entries = new Map<string, PhpArray | string>();
  private nextIndex = 0;

  append(): string {
    const key = String(this.nextIndex);
    this.nextIndex += 1;
    return key;
  }

  set(key: string, value: PhpArray | string): void {
    this.entries.set(key, value);
    if (/^(0|-?[1-9][0-9]*)$/.test(key)) {
      const n = Number(key);
      if (Number.isSafeInteger(n) && n >= this.nextIndex) this.nextIndex = n + 1;
    }
  }
}

const utf8 = new TextDecoder('utf-8');

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** urldecode(): `+` → space, `%XX` → byte; invalid escapes pass through unchanged (as in PHP). */
export function urlDecode(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 43 /* + */) {
      bytes.push(32);
    } else if (ch === 37 /* % */ && i + 2 < text.length) {
      const hi = hexValue(text.charCodeAt(i + 1));
      const lo = hexValue(text.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes.push(hi * 16 + lo);
        i += 2;
      } else {
        bytes.push(37);
      }
    } else if (ch < 128) {
      bytes.push(ch);
    } else {
      // Raw non-ASCII text (already decoded by a lenient client): keep it as UTF-8 bytes.
      const cp = text.codePointAt(i) ?? ch;
      for (const b of encoder.encode(String.fromCodePoint(cp))) bytes.push(b);
      if (cp > 0xffff) i += 1;
    }
  }
  return utf8.decode(new Uint8Array(bytes));
}

/** Splits `name[a][][b]` into the base name and its bracket segments (`null` for `[]`). */
function parseKey(rawKey: string): { base: string; path: Array<string | null> } | undefined {
  const key = rawKey.replace(/^ +/, '');
  const open = key.indexOf('[');
  if (open === 0) return undefined;
  const baseRaw = open < 0 ? key : key.slice(0, open);
  const path: Array<string | null> = [];
  let rest = open < 0 ? '' : key.slice(open);
  let base = baseRaw;
  while (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) {
      // PHP: an unclosed bracket makes the whole thing part of the name, with `[` replaced by `_`.
      if (path.length === 0) base = baseRaw + '_' + rest.slice(1);
      break;
    }
    const segment = rest.slice(1, close);
    path.push(segment === '' ? null : segment);
    rest = rest.slice(close + 1);
  }
  base = base.replace(/[ .]/g, '_');
  if (base === '') return undefined;
  return { base, path };
}

function assign(root: PhpArray, base: string, path: Array<string | null>, value: string): void {
  if (path.length === 0) {
    root.set(base, value);
    return;
  }
  let node = root.entries.get(base);
  if (!(node instanceof PhpArray)) {
    node = new PhpArray();
    root.set(base, node);
  }
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const key = segment === null || segment === undefined ? node.append() : segment;
    if (i === path.length - 1) {
      node.set(key, value);
      return;
    }
    let child: PhpArray | string | undefined = node.entries.get(key);
    if (!(child instanceof PhpArray)) {
      child = new PhpArray();
      node.set(key, child);
    }
    node = child;
  }
}

function toPlain(node: PhpArray): FormValue[] | FormObject {
  const keys = [...node.entries.keys()];
  const isList = keys.every((key, index) => key === String(index));
  const convert = (v: PhpArray | string): FormValue => (v instanceof PhpArray ? toPlain(v) : v);
  if (isList && keys.length > 0) return [...node.entries.values()].map(convert);
  const out = nullObject();
  for (const [key, v] of node.entries) out[key] = convert(v);
  return out;
}

/** Decodes a form-encoded body or query string (without the leading `?`) into nested values. */
export function decodePhpForm(body: string): FormObject {
  const root = new PhpArray();
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = urlDecode(eq < 0 ? pair : pair.slice(0, eq));
    const rawValue = eq < 0 ? '' : urlDecode(pair.slice(eq + 1));
    const parsed = parseKey(rawKey);
    if (!parsed || parsed.path.length >= MAX_DEPTH) continue;
    if (
      FORBIDDEN_FORM_KEYS.has(parsed.base) ||
      parsed.path.some((s) => s !== null && FORBIDDEN_FORM_KEYS.has(s))
    )
      continue;
    assign(root, parsed.base, parsed.path, rawValue);
  }
  const out = nullObject();
  for (const [key, v] of root.entries) out[key] = v instanceof PhpArray ? toPlain(v) : v;
  return out;
}
