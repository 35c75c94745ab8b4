/**
 * Portal clock. Bitrix24 renders dates in the portal's time zone with an explicit offset
 * (`2024-05-24T12:33:30+03:00`); the sandbox portal lives in Moscow time (UTC+3, no DST).
 */
const PORTAL_OFFSET_MINUTES = 180;

function offsetSuffix(): string {
  const sign = PORTAL_OFFSET_MINUTES >= 0 ? '+' : '-';
  const abs = Math.abs(PORTAL_OFFSET_MINUTES);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}

/** `2024-05-24T12:33:30+03:00` for the given instant. */
export function formatPortalDate(date: Date): string {
  const shifted = new Date(date.getTime() + PORTAL_OFFSET_MINUTES * 60_000);
  return shifted.toISOString().slice(0, 19) + offsetSuffix();
}

/** Midnight of the given calendar day in portal time, formatted like a datetime (how `date` fields come back). */
export function formatPortalDay(day: string): string {
  return `${day.slice(0, 10)}T00:00:00${offsetSuffix()}`;
}

/** Parses a date/datetime the way a client may send it; undefined when it is not a date. */
export function parseClientDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00${offsetSuffix()}` : value;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}

export const nowPortalDate = (): string => formatPortalDate(new Date());
