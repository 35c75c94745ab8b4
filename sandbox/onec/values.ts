/**
 * Values as the base stores them and as clients write them (§2.4). Stored rows hold JSON-ready scalars:
 * GUIDs lowercase, dates naive `YYYY-MM-DDThh:mm:ss`, Int64 as a number (serialized as a string on the wire).
 */
import { EMPTY_DATE, EMPTY_GUID, ENUMS, type EdmType, type PropertyDef } from './model';
import { faults } from './errors';

export type Scalar = string | number | boolean | null;
export type Row = Record<string, Scalar>;

export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

export function defaultValue(type: EdmType): Scalar {
  switch (type) {
    case 'Edm.Guid':
      return EMPTY_GUID;
    case 'Edm.DateTime':
      return EMPTY_DATE;
    case 'Edm.Boolean':
      return false;
    case 'Edm.String':
      return '';
    default:
      return 0;
  }
}

const INT_RANGE: Partial<Record<EdmType, number>> = {
  'Edm.Int16': 2 ** 15,
  'Edm.Int32': 2 ** 31,
  'Edm.Int64': 2 ** 63,
};

/**
 * Converts a written JSON value to the stored form or throws 400/`4` (wrong property value). 1C accepts numbers
 * sent as strings (Int64 arrives as a string) and dates with a fraction, which it truncates.
 */
export function coerceValue(prop: PropertyDef, value: unknown): Scalar {
  const bad = () => faults.wrongValue(prop.name);
  if (value === null) return defaultValue(prop.type);
  switch (prop.type) {
    case 'Edm.Guid':
      if (typeof value !== 'string' || !GUID_RE.test(value)) throw bad();
      return value.toLowerCase();
    case 'Edm.Boolean':
      if (typeof value !== 'boolean') throw bad();
      return value;
    case 'Edm.DateTime': {
      const m = typeof value === 'string' ? DATE_RE.exec(value) : null;
      if (!m) throw bad();
      const text = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}`;
      if (text !== EMPTY_DATE && Number.isNaN(Date.parse(`${text}Z`))) throw bad();
      return text;
    }
    case 'Edm.String': {
      if (typeof value !== 'string') throw bad();
      const members = prop.enumType ? ENUMS[prop.enumType] : undefined;
      if (members && value !== '' && !members.includes(value)) throw bad();
      return value;
    }
    default: {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw bad();
      const range = INT_RANGE[prop.type];
      if (range !== undefined && (!Number.isInteger(n) || Math.abs(n) >= range)) throw bad();
      return prop.type === 'Edm.Int64' ? String(n) : n;
    }
  }
}

/** Key literal for URLs: `guid'…'`, `datetime'…'`, `'text'` with doubled quotes, bare numbers. */
export function formatLiteral(type: EdmType, value: Scalar): string {
  if (type === 'Edm.Guid') return `guid'${String(value)}'`;
  if (type === 'Edm.DateTime') return `datetime'${String(value)}'`;
  if (type === 'Edm.String') return `'${String(value).replace(/'/g, "''")}'`;
  return String(value);
}
