/**
 * Starting the back-fill workflow, or attaching to the one already running: the workflow id is fixed per
 * mode, and an open run with that id is reused — so `npm run backfill` started again after Ctrl+C follows the
 * same run instead of starting over. A finished run's id is free again: the next command starts a new one.
 */
import { WorkflowIdConflictPolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import type { IntegrationConfig } from '../config/schema';
import type { BackfillProgress } from '../domain/backfill';
import { backfillProgressQuery, backfillWorkflow } from '../workflows/backfill-workflow';
import { requestSettingsFromConfig } from './request-settings';

export const backfillWorkflowId = (apply: boolean): string => `backfill-${apply ? 'apply' : 'dry-run'}`;

export type BackfillHandle = WorkflowHandle<typeof backfillWorkflow>;

export async function startOrAttachBackfill(
  client: Client,
  config: IntegrationConfig,
  opts: { apply: boolean; pagesPerChunk?: number },
): Promise<BackfillHandle> {
  const settings = requestSettingsFromConfig(config);
  await client.workflow.start(backfillWorkflow, {
    workflowId: backfillWorkflowId(opts.apply),
    taskQueue: config.temporal.taskQueue,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [
      {
        apply: opts.apply,
        order: settings.matchingOrder,
        clientTypes: settings.clientTypes,
        ...(settings.lockSalt ? { lockSalt: settings.lockSalt } : {}),
        ...(opts.pagesPerChunk ? { pagesPerChunk: opts.pagesPerChunk } : {}),
      },
    ],
  });
  // Not bound to a run: queries and the result follow the chain of continue-as-new runs.
  return client.workflow.getHandle<typeof backfillWorkflow>(backfillWorkflowId(opts.apply));
}

/**
 * The progress of the latest run; undefined while the run is between chunks (continue-as-new) or has not
 * answered yet — the caller simply asks again.
 */
export async function readBackfillProgress(handle: BackfillHandle): Promise<BackfillProgress | undefined> {
  try {
    return await handle.query(backfillProgressQuery);
  } catch {
    return undefined;
  }
}
