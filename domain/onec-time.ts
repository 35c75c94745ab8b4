/**
 * 1C stores dates as naive wall-clock time of the base (`2025-01-13T10:15:00`, no zone, no fraction),
 * while Bitrix24 and Temporal speak in instants. These conversions pin the base's time zone explicitly
 * (config `onec.timezone`) instead of relying on the host's zone. Pure: uses Intl, never the clock.
 */

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** Empty date of 1C («01.01.0001»), how OData shows an unset Дата. */
export const ONEC_EMPTY_DATE = '0001-01-01T00:00:00';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter costs far more than using one; every history write and 1C date goes through here. */
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Instant (ISO string with zone, or epoch ms) → naive 1C date-time in `timeZone`. Throws on a bad instant. */
export function toOneCDateTime(instant: string | number, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  const parts = wallClock(timeZone).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}`;
}

/** Naive 1C date-time in `timeZone` → epoch ms. Ambiguous wall times (DST fold) resolve to the earlier. */
export function fromOneCDateTime(naive: string, timeZone: string): number {
  const m = NAIVE.exec(naive);
  if (!m) throw new RangeError(`not a 1C date-time: ${naive}`);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // Two passes converge on the offset in force at that wall time.
  let guess = asUtc;
  for (let i = 0; i < 2; i += 1) guess = asUtc - offsetMs(guess, timeZone);
  return guess;
}

export function isOneCDateTime(value: string): boolean {
  return NAIVE.test(value);
}

function offsetMs(ms: number, timeZone: string): number {
  const wall = toOneCDateTime(ms, timeZone);
  const m = NAIVE.exec(wall);
  if (!m) return 0;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}
