/**
 * Key predicates of entity URLs [D 17.4.8]: `(guid'…')` and `(Ref_Key=guid'…')` for a single key; for
 * several key parts all of them as `Name=literal`, comma-separated, any order, spaces tolerated
 * (`(Ref_Key=guid'…', LineNumber=1)`). Values come back normalised to their stored text form.
 */
import { ODataError } from './errors';
import { tokenize, type Token } from './lexer';
import { formatNaiveDateTime, formatStringLiteral } from './literals';
import type { EdmType } from './model';

export interface KeyProperty {
  name: string;
  type: EdmType;
}

const syntaxError = () => new ODataError(400, '14', 'Error parsing entity key');
const missingPart = (name: string) => new ODataError(400, '7', `Entity key element "${name}" is missing`);

function valueOf(token: Token, negative: boolean, type: EdmType): string {
  switch (type) {
    case 'Edm.Guid':
      if (token.kind === 'guid' && !negative) return token.value;
      break;
    case 'Edm.DateTime':
      if (token.kind === 'datetime' && !negative) return formatNaiveDateTime(token.value);
      break;
    case 'Edm.String':
      if (token.kind === 'string' && !negative) return token.value;
      break;
    case 'Edm.Boolean':
      if (token.kind === 'ident' && (token.text === 'true' || token.text === 'false') && !negative)
        return token.text;
      break;
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Int64':
      if (token.kind === 'number' && token.integer) return String(negative ? -token.value : token.value);
      break;
    case 'Edm.Double':
      if (token.kind === 'number') return String(negative ? -token.value : token.value);
      break;
  }
  throw syntaxError();
}

export function parseKeyPredicate(text: string, keyProps: KeyProperty[]): Record<string, string> {
  const inner = text.startsWith('(') && text.endsWith(')') ? text.slice(1, -1) : text;
  let tokens: Token[];
  try {
    tokens = tokenize(inner, 'key');
  } catch {
    throw syntaxError();
  }
  let i = 0;
  const next = (): Token => tokens[Math.min(i++, tokens.length - 1)] as Token;
  const peek = (): Token => tokens[Math.min(i, tokens.length - 1)] as Token;
  const literal = (type: EdmType): string => {
    let negative = false;
    const t = peek();
    if (t.kind === 'punct' && t.text === '-') {
      negative = true;
      next();
    }
    return valueOf(next(), negative, type);
  };
  const values: Record<string, string> = {};
  const first = peek();
  if (first.kind === 'eof') throw missingPart(keyProps.map((k) => k.name).join(', '));
  const named = first.kind === 'ident' && tokens[1]?.kind === 'punct' && tokens[1].text === '=';
  if (!named) {
    // The name may be left out only when the key has a single part [D 17.4.8].
    const only = keyProps[0];
    if (keyProps.length !== 1 || !only) throw missingPart(keyProps.map((k) => k.name).join(', '));
    values[only.name] = literal(only.type);
    if (peek().kind !== 'eof') throw syntaxError();
    return values;
  }
  for (;;) {
    const name = next();
    const eq = next();
    if (name.kind !== 'ident' || eq.kind !== 'punct' || eq.text !== '=') throw syntaxError();
    const prop = keyProps.find((k) => k.name === name.text);
    if (!prop || Object.prototype.hasOwnProperty.call(values, prop.name)) throw syntaxError();
    values[prop.name] = literal(prop.type);
    const sep = next();
    if (sep.kind === 'eof') break;
    if (sep.kind !== 'punct' || sep.text !== ',') throw syntaxError();
  }
  for (const prop of keyProps) {
    if (!Object.prototype.hasOwnProperty.call(values, prop.name)) throw missingPart(prop.name);
  }
  return values;
}

function formatKeyValue(value: string, type: EdmType): string {
  switch (type) {
    case 'Edm.Guid':
      return `guid'${value.toLowerCase()}'`;
    case 'Edm.DateTime':
      return `datetime'${value}'`;
    case 'Edm.String':
      return formatStringLiteral(value);
    default:
      return value;
  }
}

/** Canonical key text: `(guid'…')` for a lone `Ref_Key`, otherwise every part as `Name=literal`. */
export function formatKeyPredicate(values: Record<string, string>, keyProps: KeyProperty[]): string {
  const only = keyProps[0];
  if (keyProps.length === 1 && only && only.name === 'Ref_Key') {
    return `(${formatKeyValue(values[only.name] ?? '', only.type)})`;
  }
  return `(${keyProps.map((k) => `${k.name}=${formatKeyValue(values[k.name] ?? '', k.type)}`).join(',')})`;
}
