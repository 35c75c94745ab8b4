/**
 * What every `*.list` method shares: filter keys with operator prefixes, `order`, and 50-row pages driven by
 * `start` (`start=-1` skips counting: no `total`, no `next`). Rows are read through a getter so camelCase items
 * and UPPER_CASE legacy rows use the same code.
 */
import { z } from 'zod';
import { Bitrix24ApiError, type ListResult } from './methods/types';
import { listPageSeconds } from './server-time';

export const PAGE_SIZE = 50;

export type FilterOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '@' | '!@' | '%' | '!%' | 'like' | '!like';

/** Longest prefixes first, so `>=` is not read as `>`. */
const PREFIXES: Array<[string, FilterOp]> = [
  ['!%=', '!like'],
  ['!=%', '!like'],
  ['>=', '>='],
  ['<=', '<='],
  ['!@', '!@'],
  ['=%', 'like'],
  ['%=', 'like'],
  ['!%', '!%'],
  ['!=', '!='],
  ['>', '>'],
  ['<', '<'],
  ['@', '@'],
  ['%', '%'],
  ['=', '='],
  ['!', '!='],
];

export interface FilterCondition {
  field: string;
  op: FilterOp;
  value: unknown;
}

export function parseFilterKey(key: string): { field: string; op: FilterOp } {
  for (const [prefix, op] of PREFIXES)
    if (key.startsWith(prefix)) return { field: key.slice(prefix.length), op };
  return { field: key, op: '=' };
}

const filterSchema = z.record(z.unknown());

/** `filter` must be a map; an empty string or absent means no filter (form clients send `filter=`). */
export function parseFilter(raw: unknown, onInvalid: () => Bitrix24ApiError): FilterCondition[] {
  if (raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) return [];
  const parsed = filterSchema.safeParse(raw);
  if (!parsed.success || Array.isArray(raw)) throw onInvalid();
  return Object.entries(parsed.data)
    .filter(([key]) => key.toLowerCase() !== 'logic')
    .map(([key, value]) => ({ ...parseFilterKey(key), value }));
}

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [value];

const isBlank = (v: unknown): boolean => v === null || v === undefined || v === '' || v === false;

function asText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'Y' : 'N';
  return String(v);
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?/;

/** Numbers compare numerically, dates chronologically, the rest as case-sensitive text. */
export function compareValues(a: unknown, b: unknown): number {
  const ta = asText(a);
  const tb = asText(b);
  const na = Number(ta);
  const nb = Number(tb);
  if (ta.trim() !== '' && tb.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  if (DATE_LIKE.test(ta) && DATE_LIKE.test(tb)) {
    const da = Date.parse(ta.replace(' ', 'T'));
    const db = Date.parse(tb.replace(' ', 'T'));
    if (!Number.isNaN(da) && !Number.isNaN(db)) return da - db;
  }
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

function equals(a: unknown, b: unknown): boolean {
  if (isBlank(a) && isBlank(b)) return true;
  if (isBlank(a) !== isBlank(b)) return false;
  return compareValues(a, b) === 0;
}

function likePattern(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 'is');
}

function matchesScalar(actual: unknown, op: FilterOp, expected: unknown): boolean {
  switch (op) {
    case '=':
      return Array.isArray(expected) ? expected.some((e) => equals(actual, e)) : equals(actual, expected);
    case '!=':
      return Array.isArray(expected) ? !expected.some((e) => equals(actual, e)) : !equals(actual, expected);
    case '@':
      return asList(expected).some((e) => equals(actual, e));
    case '!@':
      return !asList(expected).some((e) => equals(actual, e));
    case '>':
      return !isBlank(actual) && compareValues(actual, expected) > 0;
    case '>=':
      return !isBlank(actual) && compareValues(actual, expected) >= 0;
    case '<':
      return !isBlank(actual) && compareValues(actual, expected) < 0;
    case '<=':
      return !isBlank(actual) && compareValues(actual, expected) <= 0;
    case '%':
      return asText(actual).toLowerCase().includes(asText(expected).toLowerCase());
    case '!%':
      return !asText(actual).toLowerCase().includes(asText(expected).toLowerCase());
    case 'like':
      return likePattern(asText(expected)).test(asText(actual));
    case '!like':
      return !likePattern(asText(expected)).test(asText(actual));
  }
}

/** Multiple fields (arrays) match when any element matches; negative operators need all elements to pass. */
export function matches(actual: unknown, op: FilterOp, expected: unknown): boolean {
  if (!Array.isArray(actual)) return matchesScalar(actual, op, expected);
  const negative = op === '!=' || op === '!@' || op === '!%' || op === '!like';
  if (actual.length === 0) return matchesScalar(null, op, expected);
  return negative
    ? actual.every((a) => matchesScalar(a, op, expected))
    : actual.some((a) => matchesScalar(a, op, expected));
}

export function applyFilter<T>(
  rows: T[],
  conditions: FilterCondition[],
  get: (row: T, field: string) => unknown,
): T[] {
  return rows.filter((row) => conditions.every((c) => matches(get(row, c.field), c.op, c.value)));
}

export interface OrderTerm {
  field: string;
  desc: boolean;
}

/** Parses `order`; `onInvalid` gets the offending field and direction. */
export function parseOrder(
  raw: unknown,
  onInvalid: (field: string, direction: string) => Bitrix24ApiError,
): OrderTerm[] {
  if (raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) return [];
  const parsed = filterSchema.safeParse(raw);
  if (!parsed.success || Array.isArray(raw)) throw onInvalid('', String(raw));
  return Object.entries(parsed.data).map(([field, dir]) => {
    const direction = String(dir).toUpperCase();
    if (direction !== 'ASC' && direction !== 'DESC') throw onInvalid(field, String(dir));
    return { field, desc: direction === 'DESC' };
  });
}

export function applyOrder<T>(rows: T[], order: OrderTerm[], get: (row: T, field: string) => unknown): T[] {
  if (order.length === 0) return rows;
  return [...rows].sort((a, b) => {
    for (const term of order) {
      const diff = compareValues(get(a, term.field), get(b, term.field));
      if (diff !== 0) return term.desc ? -diff : diff;
    }
    return 0;
  });
}

/** Reads `start`: a non-negative offset, or -1 for "no counting". Garbage counts as 0, like PHP's intval. */
export function parseStart(raw: unknown): number {
  const n = typeof raw === 'number' ? raw : parseInt(String(raw ?? '0'), 10);
  if (!Number.isFinite(n)) return 0;
  if (n === -1) return -1;
  return n < 0 ? 0 : Math.floor(n);
}

/**
 * Cuts one page and builds `total`/`next`; `wrap` shapes the page into the method's `result`. The page carries
 * the server time a portal would spend on it: counting and skipping rows unless `start=-1`.
 */
export function paginate<T>(rows: T[], start: number, wrap: (page: T[]) => unknown): ListResult {
  const serverSeconds = listPageSeconds(rows.length, start);
  if (start === -1) return { kind: 'list', result: wrap(rows.slice(0, PAGE_SIZE)), serverSeconds };
  const page = rows.slice(start, start + PAGE_SIZE);
  const result: ListResult = { kind: 'list', result: wrap(page), total: rows.length, serverSeconds };
  if (start + PAGE_SIZE < rows.length) result.next = start + PAGE_SIZE;
  return result;
}

/**
 * The rows a list method answers, read the way a database would: `rows` are in id order, numeric conditions
 * on the id become a range found by binary search (a primary-key range), the other conditions are checked
 * row by row, and with `start=-1` in id order the scan stops at the first page — so an `>ID` cursor over a big
 * table stays cheap, while counting (`start` ≥ 0) still visits every matching row.
 */
export function selectRows<T>(
  rows: readonly T[],
  query: { conditions: FilterCondition[]; order: OrderTerm[]; start: number },
  idField: string,
  get: (row: T, field: string) => unknown,
): T[] {
  const idOf = (row: T): number => Number(get(row, idField));
  const firstAbove = (bound: number, inclusive: boolean): number => {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const id = idOf(rows[mid] as T);
      if (inclusive ? id >= bound : id > bound) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  let from = 0;
  let to = rows.length;
  const rest: FilterCondition[] = [];
  for (const c of query.conditions) {
    const bound = typeof c.value === 'number' || typeof c.value === 'string' ? Number(c.value) : NaN;
    const numeric = c.field === idField && String(c.value).trim() !== '' && Number.isFinite(bound);
    if (numeric && c.op === '>') from = Math.max(from, firstAbove(bound, false));
    else if (numeric && c.op === '>=') from = Math.max(from, firstAbove(bound, true));
    else if (numeric && c.op === '<') to = Math.min(to, firstAbove(bound, true));
    else if (numeric && c.op === '<=') to = Math.min(to, firstAbove(bound, false));
    else rest.push(c);
  }
  const idOrder = isIdOrder(query.order, idField);
  const keep = (row: T): boolean => rest.every((c) => matches(get(row, c.field), c.op, c.value));
  if (query.start === -1 && idOrder) {
    const page: T[] = [];
    for (let i = from; i < to && page.length < PAGE_SIZE; i++)
      if (keep(rows[i] as T)) page.push(rows[i] as T);
    return page;
  }
  const range = rows.slice(from, Math.max(from, to));
  const matched = rest.length > 0 ? range.filter(keep) : range;
  return idOrder ? matched : applyOrder(matched, query.order, get);
}

/** True when `order` asks for nothing but ascending ids, which rows read in id order already are. */
export const isIdOrder = (order: OrderTerm[], idField: string): boolean =>
  order.length === 0 || (order.length === 1 && order[0]?.field === idField && !order[0].desc);
