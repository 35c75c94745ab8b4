/**
 * What the report reads from Temporal visibility: request runs that are open or failed, with the
 * `RequestPhase` search attribute and memo (workflows/publish-state.ts); for a failed run, its error.
 * A failed run that is no longer the newest of its workflow (reset, or a fresh run started) is left out.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { runFailureOf } from '../admin/reset-point';
import type { RunFact, RunStatus } from '../domain/report/facts';
import type { RequestMemo } from '../workflows/publish-state';
import { B24_ITEM_ID, REQUEST_PHASE } from '../workflows/search-attributes';

export const RUNS_QUERY =
  "WorkflowType = 'requestWorkflow' AND (ExecutionStatus = 'Running' OR ExecutionStatus = 'Failed')";

export async function readRuns(client: Client): Promise<RunFact[]> {
  const runs: RunFact[] = [];
  for await (const info of client.workflow.list({ query: RUNS_QUERY })) {
    if (info.status.name === 'FAILED' && !(await isNewestRun(client, info))) continue;
    runs.push(await runFact(client, info));
  }
  return runs;
}

async function isNewestRun(client: Client, info: WorkflowExecutionInfo): Promise<boolean> {
  return (await client.workflow.getHandle(info.workflowId).describe()).runId === info.runId;
}

async function runFact(client: Client, info: WorkflowExecutionInfo): Promise<RunFact> {
  const memo = (info.memo ?? {}) as RequestMemo;
  const phaseSince = memo.phaseSince ? Date.parse(memo.phaseSince) : NaN;
  const itemId = info.typedSearchAttributes.get(B24_ITEM_ID);
  const phase = info.typedSearchAttributes.get(REQUEST_PHASE);
  const fact: RunFact = {
    workflowId: info.workflowId,
    runId: info.runId,
    status: info.status.name as RunStatus,
    startedAt: info.startTime.getTime(),
    ...(itemId !== undefined ? { itemId } : {}),
    ...(phase !== undefined ? { phase } : {}),
    ...(typeof memo.summary === 'string' ? { summary: memo.summary } : {}),
    ...(Number.isFinite(phaseSince) ? { phaseSince } : {}),
    ...(info.closeTime ? { closedAt: info.closeTime.getTime() } : {}),
  };
  if (info.status.name !== 'FAILED') return fact;
  const history = await client.workflow.getHandle(info.workflowId, info.runId).fetchHistory();
  // Failure messages are encrypted with the payloads (codec/): decode them with the client's converter.
  const failure = await decodeOptionalFailureToOptionalError(
    client.options.loadedDataConverter,
    runFailureOf(history.events ?? []),
  );
  const error = failure ? innermostError(failure).message : undefined;
  return { ...fact, ...(error !== undefined ? { error } : {}) };
}

function innermostError(error: Error): Error {
  let current = error;
  while (current.cause instanceof Error) current = current.cause;
  return current;
}
