/**
 * The report's period from calendar dates as a person types them (`--from 2026-01-01 --to 2026-12-31`,
 * `?from=…&to=…`): whole days in the time zone of the 1C base, the end day included.
 */
import { fromOneCDateTime, toOneCDateTime } from '../onec-time';

export interface Period {
  from: number;
  to: number;
  /** The calendar days as given (or defaulted), for display. */
  days: { from: string; to: string };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PeriodError extends Error {}

export function reportPeriod(
  from: string | undefined,
  to: string | undefined,
  timeZone: string,
  now: number,
): Period {
  const today = toOneCDateTime(now, timeZone).slice(0, 10);
  const fromDay = from ?? `${today.slice(0, 4)}-01-01`;
  const toDay = to ?? today;
  for (const [name, day] of [
    ['from', fromDay],
    ['to', toDay],
  ] as const) {
    if (!DATE.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
      throw new PeriodError(`${name} must be a date YYYY-MM-DD, got ${JSON.stringify(day)}`);
  }
  const period = {
    from: fromOneCDateTime(`${fromDay}T00:00:00`, timeZone),
    to: fromOneCDateTime(`${toDay}T23:59:59`, timeZone),
    days: { from: fromDay, to: toDay },
  };
  if (period.from > period.to) throw new PeriodError(`from (${fromDay}) is after to (${toDay})`);
  return period;
}
