/** Builds «Отчёт по заявкам» from 1C and Temporal (used by `npm run report` and the admin page). */
import type { Client } from '@temporalio/client';
import type { OneCClient } from '../activities/onec/client';
import { buildReport, type RequestsReport } from '../domain/report/build';
import type { Period } from '../domain/report/period';
import { requestFacts } from '../domain/report/request-facts';
import { readOneCSnapshot } from './onec-source';
import { readRuns } from './temporal-runs';

export interface ReportSources {
  onec: OneCClient;
  temporal: Client;
  /** PredefinedDataName of statuses that close a request (config mapping.finalStatuses). */
  finalStatuses: readonly string[];
  stuckAfterDays: number;
}

export async function gatherReport(
  sources: ReportSources,
  period: Period,
  now = Date.now(),
): Promise<RequestsReport> {
  const [snapshot, runs] = await Promise.all([
    readOneCSnapshot(sources.onec, new Date(period.from), new Date(period.to)),
    readRuns(sources.temporal),
  ]);
  const requests = requestFacts(snapshot, sources.finalStatuses, sources.onec.timeZone);
  return buildReport(requests, runs, { ...period, now, stuckAfterDays: sources.stuckAfterDays });
}
