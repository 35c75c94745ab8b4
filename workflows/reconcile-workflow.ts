/**
 * One reconciliation run, started by a Temporal Schedule every `reconciliation.interval` (overlap policy:
 * buffer one — a tick that comes while a run is busy starts right after it) or on demand by
 * `npm run reconcile` (which triggers the same schedule).
 *
 * The watermark — where the previous run stopped — lives in the schedule itself: the schedule hands each
 * run the result of the last completed one (`workflowInfo().lastResult`), and a run returns its report with
 * the new watermark. No file, no table, no long-lived workflow to keep alive; a failed run leaves the
 * watermark where it was, so the next run covers its window again.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { HEARTBEAT_TIMEOUT } from './activity-options';
import type { PageResult, ReconcileActivities } from '../activities/reconcile';
import type { RequestSettings } from './request-settings';
import { sweepOneCCounterparties } from './sweep-onec-counterparties';
import { sweepOneCInteractions } from './sweep-onec-interactions';
import { sweepOneCRequests } from './sweep-onec-requests';
import {
  MAX_REPORTED_FIXES,
  reconcileWindow,
  type ReconcileFix,
  type ReconcileReport,
} from '../domain/reconciliation';

export interface ReconcileInput {
  /**
   * The request workflows' settings: with them, a run also sweeps 1C for posted requests born in 1C that
   * never reached Bitrix24 (sweep-onec-requests). Absent in schedules created before the sweep existed.
   */
  settings?: RequestSettings;
  /** How far back the first run looks (later runs start at the watermark). */
  lookbackMs: number;
  /** Changes younger than this are left to the next run. */
  graceMs: number;
  /** Read rows people added to 1C's history since the last run (config `interactions.toBitrix24`). */
  interactionsToBitrix24?: boolean;
  /**
   * Sweep linked 1C counterparties for changed 1C-owned values (config `counterpartySync.enabled`): the
   * extension-less path of counterparty synchronisation.
   */
  counterparties?: boolean;
}

const reconcile = proxyActivities<ReconcileActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export async function reconcileWorkflow(input: ReconcileInput): Promise<ReconcileReport> {
  const previous = workflowInfo().lastResult as ReconcileReport | undefined;
  const window = reconcileWindow({
    watermarkMs: previous?.watermarkMs ?? null,
    nowMs: Date.now(),
    graceMs: input.graceMs,
    lookbackMs: input.lookbackMs,
  });
  const runTag = `reconcile-${workflowInfo().runId.slice(0, 8)}`;
  const fixes: ReconcileFix[] = [];

  let itemsChecked = 0;
  for (let afterId: number | null = 0; afterId !== null;) {
    const page: PageResult = await reconcile.reconcileBitrixItems({ ...window, afterId, runTag });
    itemsChecked += page.checked;
    fixes.push(...page.fixes);
    afterId = page.next;
  }

  let documentsChecked = 0;
  const healed = fixes.map((f) => f.itemId);
  for (let skip: number | null = 0; skip !== null;) {
    const page: PageResult = await reconcile.reconcileOneCDocuments({
      sinceMs: Date.now() - input.lookbackMs,
      skip,
      runTag,
      skipItemIds: healed,
    });
    documentsChecked += page.checked;
    fixes.push(...page.fixes);
    skip = page.next;
  }

  const onecBornStarted = input.settings
    ? (
        await sweepOneCRequests({
          settings: input.settings,
          watermark: new Date(window.sinceMs).toISOString(),
        })
      ).length
    : 0;

  // Its own watermark (a 1C Period), carried in the result like the main one; the first read starts where
  // the window does.
  const interactions = input.interactionsToBitrix24
    ? await sweepOneCInteractions({
        since: previous?.interactions?.watermark ?? null,
        sinceMs: window.sinceMs,
      })
    : undefined;

  // Compared with the digests of the previous run; the first run takes the baseline.
  const counterparties = input.counterparties
    ? await sweepOneCCounterparties({ previous: previous?.counterparties?.digests ?? null })
    : undefined;

  return {
    ...(interactions ? { interactions } : {}),
    ...(counterparties ? { counterparties } : {}),
    watermarkMs: window.beforeMs,
    onecBornStarted,
    sinceMs: window.sinceMs,
    itemsChecked,
    documentsChecked,
    fixes: fixes.slice(0, MAX_REPORTED_FIXES),
  };
}
