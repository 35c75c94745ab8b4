/**
 * «Отчёт по заявкам»: counts by status, counterparty, type and manager; creation → completion time by type;
 * requests whose status has not moved for days; requests waiting for a manager's fix; failed runs.
 * Requests are those whose 1C document is dated inside the period; the Temporal lists (waiting, failed)
 * are the state right now, whatever the period.
 */
import type { RequestFact, RunFact } from './facts';
import { percentile } from './percentile';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface ReportOptions {
  from: number;
  /** Inclusive end of the period. */
  to: number;
  /** The period's calendar days in the 1C base's time zone, shown in the report. */
  days: { from: string; to: string };
  now: number;
  /** An open request with no status change for this many days is "stuck". */
  stuckAfterDays: number;
}

export interface Count {
  key: string;
  count: number;
}

export interface DurationByType {
  type: string;
  completed: number;
  p50Hours: number;
  p90Hours: number;
}

export interface StuckRequest {
  number: string;
  itemId: string;
  counterparty: string;
  manager: string;
  status: string;
  idleDays: number;
  since: string;
}

export interface WaitingRequest {
  workflowId: string;
  itemId?: number;
  summary: string;
  since: string;
  waitingDays: number;
}

export interface FailedRun {
  workflowId: string;
  runId: string;
  itemId?: number;
  summary: string;
  failedAt: string;
  error: string;
}

export interface RequestsReport {
  /** Calendar days YYYY-MM-DD, both included. */
  period: { from: string; to: string };
  generatedAt: string;
  stuckAfterDays: number;
  totals: {
    requests: number;
    open: number;
    completed: number;
    stuck: number;
    awaitingFix: number;
    failed: number;
  };
  byStatus: Count[];
  byCounterparty: Count[];
  byType: Count[];
  byManager: Count[];
  durationByType: DurationByType[];
  stuck: StuckRequest[];
  awaitingFix: WaitingRequest[];
  failed: FailedRun[];
}

export const NOT_SET = '(не указан)';

export function buildReport(
  requests: readonly RequestFact[],
  runs: readonly RunFact[],
  opts: ReportOptions,
): RequestsReport {
  const inPeriod = requests.filter((r) => r.createdAt >= opts.from && r.createdAt <= opts.to);
  const current = latestRuns(runs);
  const stuck = stuckRequests(inPeriod, opts);
  const awaitingFix = current
    .filter((r) => r.status === 'RUNNING' && r.phase === 'awaiting-fix')
    .map((r) => waiting(r, opts.now))
    .sort((a, b) => b.waitingDays - a.waitingDays);
  const failed = current.filter((r) => r.status === 'FAILED').map(failedRun);
  return {
    period: { ...opts.days },
    generatedAt: iso(opts.now),
    stuckAfterDays: opts.stuckAfterDays,
    totals: {
      requests: inPeriod.length,
      open: inPeriod.filter((r) => !r.final).length,
      completed: inPeriod.filter((r) => r.final).length,
      stuck: stuck.length,
      awaitingFix: awaitingFix.length,
      failed: failed.length,
    },
    byStatus: countBy(inPeriod, (r) => r.status),
    byCounterparty: countBy(inPeriod, (r) => r.counterparty),
    byType: countBy(inPeriod, (r) => r.type),
    byManager: countBy(inPeriod, (r) => r.manager),
    durationByType: durationByType(inPeriod),
    stuck,
    awaitingFix,
    failed,
  };
}

/** Descending by count, then by name, so equal counts come out in a stable order. */
export function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Count[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item).trim() || NOT_SET;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key, 'ru'));
}

function durationByType(requests: readonly RequestFact[]): DurationByType[] {
  const hoursByType = new Map<string, number[]>();
  for (const r of requests) {
    if (r.completedAt === undefined) continue;
    const type = r.type.trim() || NOT_SET;
    const list = hoursByType.get(type) ?? [];
    list.push(Math.max(0, r.completedAt - r.createdAt) / HOUR_MS);
    hoursByType.set(type, list);
  }
  return [...hoursByType]
    .map(([type, hours]) => ({
      type,
      completed: hours.length,
      p50Hours: round1(percentile(hours, 50) ?? 0),
      p90Hours: round1(percentile(hours, 90) ?? 0),
    }))
    .sort((a, b) => a.type.localeCompare(b.type, 'ru'));
}

function stuckRequests(requests: readonly RequestFact[], opts: ReportOptions): StuckRequest[] {
  const limit = opts.stuckAfterDays * DAY_MS;
  return requests
    .filter((r) => !r.final && opts.now - r.lastStatusChangeAt >= limit)
    .map((r) => ({
      number: r.number,
      itemId: r.itemId,
      counterparty: r.counterparty,
      manager: r.manager.trim() || NOT_SET,
      status: r.status,
      idleDays: Math.floor((opts.now - r.lastStatusChangeAt) / DAY_MS),
      since: iso(r.lastStatusChangeAt),
    }))
    .sort((a, b) => b.idleDays - a.idleDays || a.number.localeCompare(b.number));
}

/**
 * The newest run of each workflow id: a failed run that was retried (reset) or superseded by a fresh run
 * is history, not a problem to show.
 */
export function latestRuns(runs: readonly RunFact[]): RunFact[] {
  const newest = new Map<string, RunFact>();
  for (const run of runs) {
    const seen = newest.get(run.workflowId);
    if (!seen || run.startedAt > seen.startedAt) newest.set(run.workflowId, run);
  }
  return [...newest.values()];
}

function waiting(run: RunFact, now: number): WaitingRequest {
  const since = run.phaseSince ?? run.startedAt;
  return {
    workflowId: run.workflowId,
    ...(run.itemId !== undefined ? { itemId: run.itemId } : {}),
    summary: run.summary ?? '',
    since: iso(since),
    waitingDays: Math.floor((now - since) / DAY_MS),
  };
}

function failedRun(run: RunFact): FailedRun {
  return {
    workflowId: run.workflowId,
    runId: run.runId,
    ...(run.itemId !== undefined ? { itemId: run.itemId } : {}),
    summary: run.summary ?? '',
    failedAt: iso(run.closedAt ?? run.startedAt),
    error: run.error ?? '',
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
const round1 = (n: number) => Math.round(n * 10) / 10;
