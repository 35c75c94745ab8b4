/**
 * Runtime values of the filter language and the 1C comparison rules: strings compare case-insensitively
 * and ignore trailing spaces (fixed-length strings come padded [R1]); dates are naive timestamps; Int64
 * values arrive as JSON strings and compare as numbers; a reference compares by its GUID.
 */
import type { EdmType, EntitySetModel, Row } from './model';
import { normaliseGuid, parseNaiveDateTime } from './literals';

export type Value =
  | { t: 'null' }
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'guid'; v: string }
  | { t: 'date'; v: number }
  /** A reference whose target set is known (navigation property or `cast(guid'…','Catalog_X')`). */
  | { t: 'ref'; set: string; v: string }
  /** Composite-type attribute: value as text plus its `X_Type` (`StandardODATA.Document_X`) [D 17.4.3]. */
  | { t: 'composite'; v: string; type: string }
  | { t: 'rows'; rows: Row[]; model: EntitySetModel };

export type ValueType = Value['t'];

export const NULL: Value = { t: 'null' };

export function bool(v: boolean): Value {
  return { t: 'bool', v };
}

/** Interprets a stored JSON value according to its declared EDM type. */
export function fromStored(raw: unknown, type: EdmType): Value {
  if (raw === null || raw === undefined) return NULL;
  switch (type) {
    case 'Edm.String':
      return { t: 'string', v: typeof raw === 'string' ? raw : String(raw) };
    case 'Edm.Guid': {
      const guid = typeof raw === 'string' ? normaliseGuid(raw) : undefined;
      return guid === undefined ? NULL : { t: 'guid', v: guid };
    }
    case 'Edm.Boolean':
      return typeof raw === 'boolean' ? bool(raw) : NULL;
    case 'Edm.DateTime': {
      const ms = typeof raw === 'string' ? parseNaiveDateTime(raw) : undefined;
      return ms === undefined ? NULL : { t: 'date', v: ms };
    }
    case 'Edm.Double':
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Int64': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isFinite(n) ? { t: 'number', v: n } : NULL;
    }
    default:
      return NULL;
  }
}

const collator = new Intl.Collator('ru', { sensitivity: 'accent' });

/** 1C string normal form for matching functions: trailing spaces dropped, case folded. */
export function foldString(s: string): string {
  return s.replace(/ +$/, '').toLocaleLowerCase('ru');
}

export function compareStrings(a: string, b: string): number {
  return collator.compare(a.replace(/ +$/, ''), b.replace(/ +$/, ''));
}

/** GUID carried by a guid, reference or composite value, if any. */
function guidOf(v: Value): string | undefined {
  if (v.t === 'guid' || v.t === 'ref') return v.v;
  return undefined;
}

/** Equality per 1C; null equals only null. Values of unrelated types are simply not equal. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a.t === 'null' || b.t === 'null') return a.t === b.t;
  if (a.t === 'composite' || b.t === 'composite') return compositeEquals(a, b);
  if (a.t === 'ref' && b.t === 'ref') return a.set === b.set && a.v === b.v;
  const ga = guidOf(a);
  const gb = guidOf(b);
  if (ga !== undefined || gb !== undefined) return ga !== undefined && ga === gb;
  const order = orderValues(a, b);
  return order === 0;
}

/**
 * A composite attribute matches only a typed reference (`cast(guid'…','Document_X')`); comparing it with a
 * bare GUID is always false, as the documentation warns [D 17.4.5.2]. Primitive values compare as text.
 */
function compositeEquals(a: Value, b: Value): boolean {
  const [c, other] = a.t === 'composite' ? [a, b] : [b as Value & { t: 'composite' }, a];
  if (c.t !== 'composite') return false;
  if (other.t === 'composite') return c.type === other.type && c.v.toLowerCase() === other.v.toLowerCase();
  if (other.t === 'ref') return c.type === `StandardODATA.${other.set}` && c.v.toLowerCase() === other.v;
  if (other.t === 'guid') return false;
  if (other.t === 'string') return c.type === 'Edm.String' && compareStrings(c.v, other.v) === 0;
  if (other.t === 'number') return Number(c.v) === other.v;
  if (other.t === 'bool') return c.v === String(other.v);
  return false;
}

/** Ordering for gt/ge/lt/le; undefined when the two values cannot be ordered (the comparison is false). */
export function orderValues(a: Value, b: Value): number | undefined {
  if (a.t === 'string' && b.t === 'string') return compareStrings(a.v, b.v);
  if (a.t === 'number' && b.t === 'number') return Math.sign(a.v - b.v);
  if (a.t === 'date' && b.t === 'date') return Math.sign(a.v - b.v);
  if (a.t === 'bool' && b.t === 'bool') return Number(a.v) - Number(b.v);
  const ga = guidOf(a);
  const gb = guidOf(b);
  if (ga !== undefined && gb !== undefined) return ga < gb ? -1 : ga > gb ? 1 : 0;
  return undefined;
}

const SORT_RANK: Record<ValueType, number> = {
  null: 0,
  bool: 1,
  number: 2,
  string: 3,
  date: 4,
  guid: 5,
  ref: 5,
  composite: 6,
  rows: 7,
};

/** Total order for `$orderby`: NULL first (as in the 1C query language), then by kind, then by value. */
export function sortCompare(a: Value, b: Value): number {
  if (a.t === 'composite' && b.t === 'composite') return compareStrings(a.v, b.v);
  const order = orderValues(a, b);
  if (order !== undefined) return order;
  return SORT_RANK[a.t] - SORT_RANK[b.t];
}
