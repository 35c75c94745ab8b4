/**
 * OData literal forms as 1C reads and writes them [D 17.4.2][S]: `guid'…'`, `datetime'…'` (naive, no zone),
 * `'text'` with apostrophes doubled, bare numbers, `true`/`false`/`null`.
 */
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?$/;

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** Lowercase GUID, or undefined when the text is not a GUID. 1C accepts either case. */
export function normaliseGuid(text: string): string | undefined {
  return GUID_RE.test(text) ? text.toLowerCase() : undefined;
}

/**
 * Naive date-time → milliseconds of the same wall-clock reading in UTC. Dates in 1C carry no zone, so
 * treating them as UTC keeps arithmetic and comparison free of DST effects.
 */
export function parseNaiveDateTime(text: string): number | undefined {
  const m = DATETIME_RE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((p) =>
    p === undefined ? 0 : Number(p),
  ) as [number, number, number, number, number, number];
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, fraction);
  const check = new Date(ms);
  // Date.UTC maps years 0–99 to 19xx; set the year explicitly so `0001-01-01` (1C's empty date) survives.
  check.setUTCFullYear(year, month - 1, day);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
  return check.getTime();
}

/** Milliseconds → `YYYY-MM-DDThh:mm:ss`, the only date form 1C emits (no zone, no fraction). */
export function formatNaiveDateTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

export function formatStringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function formatGuidLiteral(value: string): string {
  const guid = normaliseGuid(value);
  if (guid === undefined) throw new TypeError(`Not a GUID: ${value}`);
  return `guid'${guid}'`;
}

export function formatDateTimeLiteral(value: string | number): string {
  const ms = typeof value === 'number' ? value : parseNaiveDateTime(value);
  if (ms === undefined || !Number.isFinite(ms))
    throw new TypeError(`Not a naive date-time: ${String(value)}`);
  return `datetime'${formatNaiveDateTime(ms)}'`;
}

export type LiteralInput =
  string | number | boolean | null | { guid: string } | { datetime: string | number };

/** One place that turns a value into `$filter`/key text, so user input is never concatenated raw. */
export function formatLiteral(value: LiteralInput): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return formatStringLiteral(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('Non-finite numbers have no OData literal');
    return String(value);
  }
  if ('guid' in value) return formatGuidLiteral(value.guid);
  return formatDateTimeLiteral(value.datetime);
}
