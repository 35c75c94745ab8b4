/**
 * The worker of request workflows: workflows and 1C activities on the configured task queue, Bitrix24
 * activities on `<taskQueue>-bitrix24`, where they wait for the portal's rate limit (one governor per
 * process, shared by all of them) without taking slots from the 1C activities.
 */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, splitByTaskQueue } from '../activities';
import { bitrix24TaskQueue } from '../activities/contract';
import type { IntegrationConfig } from '../config/schema';
import { activityDepsFromConfig } from './activity-deps';
import { temporalConnectionSettings } from './temporal-connection';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Bitrix24 activities mostly wait in the governor's queue (a pending promise each), so many may be in
 * flight; the governor decides what actually reaches the portal.
 */
const MAX_WAITING_BITRIX24_ACTIVITIES = 1000;

/** Both workers of one process, run and stopped together. */
export interface RequestWorker {
  run(): Promise<void>;
  shutdown(): void;
}

export interface RequestWorkerOptions {
  /**
   * A workflow bundle built beforehand (`bundleWorkflowCode`), as Temporal advises for production: the
   * worker then does not run webpack at start-up, which costs time and leaves memory behind.
   */
  workflowBundlePath?: string;
}

export async function createRequestWorker(
  config: IntegrationConfig,
  connection?: NativeConnection,
  options: RequestWorkerOptions = {},
): Promise<{ worker: RequestWorker; connection: NativeConnection }> {
  const conn = connection ?? (await NativeConnection.connect(temporalConnectionSettings(config.temporal)));
  const activities = splitByTaskQueue(createActivities(activityDepsFromConfig(config)));
  const common = { connection: conn, namespace: config.temporal.namespace };
  const requests = await Worker.create({
    ...common,
    taskQueue: config.temporal.taskQueue,
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath }),
    // All of them: runs started before the Bitrix24 queue existed schedule Bitrix24 activities here.
    activities: { ...activities.onec, ...activities.bitrix24 },
  });
  const cap = config.bitrix24.limits.taskQueueActivitiesPerSecond;
  const bitrix24 = await Worker.create({
    ...common,
    taskQueue: bitrix24TaskQueue(config.temporal.taskQueue),
    activities: activities.bitrix24,
    maxConcurrentActivityTaskExecutions: MAX_WAITING_BITRIX24_ACTIVITIES,
    ...(cap ? { maxTaskQueueActivitiesPerSecond: cap } : {}),
  });
  const worker: RequestWorker = {
    run: async () => {
      await Promise.all([requests.run(), bitrix24.run()]);
    },
    shutdown: () => {
      requests.shutdown();
      bitrix24.shutdown();
    },
  };
  return { worker, connection: conn };
}
