/**
 * The periodic read of «ИсторияВзаимодействий» for bases without the 1C extension (or a lost notification):
 * rows people added since the watermark (`Period`) each get their `onecInteractionWorkflow`. Called from the
 * reconciliation workflow, which keeps the watermark in its result — workflow state, never a file.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { onecRowWorkflowId } from '../domain/interaction';
import { interactionActivities } from './activities';
import { onecInteractionWorkflow } from './onec-interaction-workflow';

export interface InteractionSweepInput {
  /** `Period` where the previous read stopped; null on the first read (then `sinceMs`). */
  since: string | null;
  sinceMs: number;
  /** Rows read per run (default 500); the rest wait for the next run. */
  limit?: number;
}

export interface InteractionSweepResult {
  watermark: string;
  /** Rows read and comments started (rows already handled start nothing). */
  read: number;
  started: number;
}

export async function sweepOneCInteractions(input: InteractionSweepInput): Promise<InteractionSweepResult> {
  const page = await interactionActivities.listOneCInteractions({
    since: input.since,
    sinceMs: input.sinceMs,
    limit: input.limit ?? 500,
  });
  let started = 0;
  for (const found of page.found) {
    try {
      await startChild(onecInteractionWorkflow, {
        workflowId: onecRowWorkflowId(found.record),
        args: [found],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      });
      started += 1;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  return { watermark: page.watermark, read: page.read, started };
}
