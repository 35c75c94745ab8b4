/**
 * The one place where values become OData `$filter` text. Literals and filters are branded strings, so
 * the compiler rejects raw user input spliced into a query; every value passes through an escaper here.
 */
import { toOneCDateTime } from '../../domain/onec-time';

declare const literalBrand: unique symbol;
declare const filterBrand: unique symbol;

/** A value already rendered as an OData literal (`'text'`, `guid'…'`, `datetime'…'`, `true`, `42`). */
export type ODataLiteral = string & { readonly [literalBrand]: true };
/** A complete `$filter` expression built from literals. */
export type ODataFilter = string & { readonly [filterBrand]: true };

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/;
/** Property paths: 1C identifiers (Cyrillic allowed), optionally navigated with `/`. */
const PROPERTY_PATH = /^[\p{L}_][\p{L}\p{N}_]*(\/[\p{L}_][\p{L}\p{N}_]*)*$/u;

/** With the `u` flag a surrogate range matches only unpaired halves: text that has no UTF-8 form. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * String literal: single quotes doubled, so `Бар "Д'Артаньян"` stays one literal. Text with an unpaired
 * surrogate cannot be sent as UTF-8 at all and is refused here rather than mangled on the way.
 */
export function odataString(value: string): ODataLiteral {
  if (LONE_SURROGATE.test(value)) throw new TypeError('text with an unpaired surrogate cannot be a 1C value');
  return `'${value.replaceAll("'", "''")}'` as ODataLiteral;
}

/** Validates and lower-cases a GUID; throws on anything else so it can never reach a query. */
export function normalizeGuid(value: string): string {
  const lower = value.trim().toLowerCase();
  if (!GUID.test(lower)) throw new TypeError(`not a GUID: ${JSON.stringify(value)}`);
  return lower;
}

export function odataGuid(value: string): ODataLiteral {
  return `guid'${normalizeGuid(value)}'` as ODataLiteral;
}

/** `datetime'YYYY-MM-DDThh:mm:ss'` as wall-clock time of the base's time zone (1C dates are naive). */
export function odataDateTime(date: Date, timeZone: string): ODataLiteral {
  return `datetime'${toOneCDateTime(date.getTime(), timeZone)}'` as ODataLiteral;
}

/** A naive 1C date-time as it is stored (`2025-01-13T10:15:00`), e.g. a register `Period` read back. */
export function odataNaiveDateTime(value: string): ODataLiteral {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value))
    throw new RangeError(`not a 1C date-time: ${value}`);
  return `datetime'${value}'` as ODataLiteral;
}

export function odataBoolean(value: boolean): ODataLiteral {
  return (value ? 'true' : 'false') as ODataLiteral;
}

export function odataNumber(value: number): ODataLiteral {
  if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
  return String(value) as ODataLiteral;
}

/** Checks a property path so a caller-supplied name cannot carry operators either. */
export function propertyPath(name: string): string {
  if (!PROPERTY_PATH.test(name)) throw new TypeError(`not an OData property path: ${JSON.stringify(name)}`);
  return name;
}

type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

function compare(prop: string, op: Comparison, literal: ODataLiteral): ODataFilter {
  return `${propertyPath(prop)} ${op} ${literal}` as ODataFilter;
}

export const eq = (prop: string, literal: ODataLiteral): ODataFilter => compare(prop, 'eq', literal);
export const ne = (prop: string, literal: ODataLiteral): ODataFilter => compare(prop, 'ne', literal);
export const gt = (prop: string, literal: ODataLiteral): ODataFilter => compare(prop, 'gt', literal);
export const ge = (prop: string, literal: ODataLiteral): ODataFilter => compare(prop, 'ge', literal);
export const lt = (prop: string, literal: ODataLiteral): ODataFilter => compare(prop, 'lt', literal);
export const le = (prop: string, literal: ODataLiteral): ODataFilter => compare(prop, 'le', literal);

/**
 * Conjunction. Operands built here are comparisons or conjunctions, which bind tighter than `and`
 * or associate with it, so no parentheses are needed (and the text matches the reference queries).
 */
export function and(...filters: ODataFilter[]): ODataFilter {
  if (filters.length === 0) throw new TypeError('and() needs at least one operand');
  return filters.join(' and ') as ODataFilter;
}

/** `endswith(prop,'x') eq true`, like `startsWith`. */
export function endsWith(prop: string, literal: ODataLiteral): ODataFilter {
  return `endswith(${propertyPath(prop)},${literal}) eq true` as ODataFilter;
}

/** `startswith(prop,'x') eq true` — compared explicitly, as the 1C documentation writes it. */
export function startsWith(prop: string, literal: ODataLiteral): ODataFilter {
  return `startswith(${propertyPath(prop)},${literal}) eq true` as ODataFilter;
}
