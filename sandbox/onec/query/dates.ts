/**
 * Date functions over naive timestamps (ms of the wall-clock reading taken as UTC). Semantics follow the
 * 1C query language: `ДЕНЬНЕДЕЛИ` counts Monday = 1 … Sunday = 7; `ДОБАВИТЬКДАТЕ` by months clamps to the
 * last day of the month; `РАЗНОСТЬДАТ` counts unit boundaries crossed (both dates cut to the unit's start).
 */
export const DATE_UNITS = ['second', 'minute', 'hour', 'day', 'month', 'quarter', 'year'] as const;
export type DateUnit = (typeof DATE_UNITS)[number];

export function isDateUnit(text: string): text is DateUnit {
  return (DATE_UNITS as readonly string[]).includes(text.toLowerCase());
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type DatePart =
  'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'quarter' | 'dayofweek' | 'dayofyear';

export function datePart(ms: number, part: DatePart): number {
  const d = new Date(ms);
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
    case 'second':
      return d.getUTCSeconds();
    case 'quarter':
      return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'dayofweek':
      return ((d.getUTCDay() + 6) % 7) + 1;
    case 'dayofyear': {
      const start = new Date(0);
      start.setUTCFullYear(d.getUTCFullYear(), 0, 1);
      return Math.floor((ms - start.getTime()) / DAY) + 1;
    }
  }
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month + 1, 0);
  const out = new Date(ms);
  out.setUTCFullYear(year, month, Math.min(d.getUTCDate(), lastDay.getUTCDate()));
  return out.getTime();
}

export function dateAdd(ms: number, unit: DateUnit, amount: number): number {
  const n = Math.trunc(amount);
  switch (unit) {
    case 'second':
      return ms + n * SECOND;
    case 'minute':
      return ms + n * MINUTE;
    case 'hour':
      return ms + n * HOUR;
    case 'day':
      return ms + n * DAY;
    case 'month':
      return addMonths(ms, n);
    case 'quarter':
      return addMonths(ms, 3 * n);
    case 'year':
      return addMonths(ms, 12 * n);
  }
}

/** `datedifference(d1, d2, unit)` = d2 − d1 in whole units. */
export function dateDifference(from: number, to: number, unit: DateUnit): number {
  const months = (ms: number) => datePart(ms, 'year') * 12 + datePart(ms, 'month') - 1;
  switch (unit) {
    case 'second':
      return Math.floor(to / SECOND) - Math.floor(from / SECOND);
    case 'minute':
      return Math.floor(to / MINUTE) - Math.floor(from / MINUTE);
    case 'hour':
      return Math.floor(to / HOUR) - Math.floor(from / HOUR);
    case 'day':
      return Math.floor(to / DAY) - Math.floor(from / DAY);
    case 'month':
      return months(to) - months(from);
    case 'quarter':
      return Math.floor(months(to) / 3) - Math.floor(months(from) / 3);
    case 'year':
      return datePart(to, 'year') - datePart(from, 'year');
  }
}
