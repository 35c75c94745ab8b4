/**
 * Reconciliation of requests born in 1C, for bases without the 1C extension (or a lost notification):
 * posted documents with an empty `ИдЭлементаБитрикс24` dated from the watermark each get their 1C-born
 * workflow. Meant to be called from the scheduled reconciliation workflow; starting is idempotent (a
 * document whose workflow runs is skipped, one already linked is not listed), so overlapping sweeps and
 * notifications never create a second item.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { onecBornActivities } from './activities';
import { onecRequestWorkflow } from './onec-request-workflow';
import type { RequestSettings } from './request-settings';
import { onecRequestWorkflowId } from './workflow-ids';

export interface OneCSweepInput {
  settings: RequestSettings;
  /**
   * ISO instant of the caller's watermark (its previous run). Documents dated from the watermark minus
   * `onecRequests.sweepLookbackDays` (default 30) are looked at: 1C dates a document when it is created, and
   * it may be posted days later.
   */
  watermark: string;
  /** At most this many documents per sweep (default 200); the rest wait for the next one. */
  limit?: number;
}

const DAY_MS = 86_400_000;

/** Starts the 1C-born workflow of every unlinked posted document; returns the refs it started. */
export async function sweepOneCRequests(input: OneCSweepInput): Promise<string[]> {
  const rules = input.settings.onecRequests;
  if (rules && !rules.enabled) return [];
  const lookbackMs = (rules?.sweepLookbackDays ?? 30) * DAY_MS;
  const refs = await onecBornActivities.listUnlinkedOneCRequests({
    since: new Date(Date.parse(input.watermark) - lookbackMs).toISOString(),
    limit: input.limit ?? 200,
  });
  const started: string[] = [];
  for (const documentRef of refs) {
    try {
      await startChild(onecRequestWorkflow, {
        workflowId: onecRequestWorkflowId(documentRef),
        args: [{ documentRef, settings: input.settings }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      started.push(documentRef);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  return started;
}

/** The sweep as a workflow of its own, for the reconciliation schedule or an administrator's manual run. */
export async function onecSweepWorkflow(input: OneCSweepInput): Promise<string[]> {
  return sweepOneCRequests(input);
}
