/**
 * "Retry" of a failed request run: what the Temporal UI's Reset does, to the point admin/reset-point.ts
 * picks. Only the newest run of a workflow is retried — an older failed run has already been superseded.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import Long from 'long';
import { resetPoint } from './reset-point';

export class RetryRefused extends Error {}

export async function retryFailedRun(
  client: Client,
  workflowId: string,
  runId: string,
  reason: string,
): Promise<{ runId: string }> {
  const handle = client.workflow.getHandle(workflowId, runId);
  const description = await handle.describe();
  if (description.status.name !== 'FAILED') {
    throw new RetryRefused(`${workflowId} run ${runId} is ${description.status.name}, not FAILED`);
  }
  const latest = await client.workflow.getHandle(workflowId).describe();
  if (latest.runId !== runId) throw new RetryRefused(`${workflowId} has a newer run ${latest.runId}`);
  const history = await handle.fetchHistory();
  const point = resetPoint(history.events ?? []);
  if (point === undefined)
    throw new RetryRefused(`${workflowId} run ${runId} has no workflow task to reset to`);
  const answer = await client.workflowService.resetWorkflowExecution({
    namespace: client.options.namespace,
    workflowExecution: { workflowId, runId },
    workflowTaskFinishEventId: Long.fromNumber(point),
    reason,
    requestId: randomUUID(),
  });
  return { runId: answer.runId ?? '' };
}
