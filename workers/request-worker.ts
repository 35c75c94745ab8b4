/** The worker that runs request workflows and their activities on the configured task queue. */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { IntegrationConfig } from '../config/schema';
import { activityDepsFromConfig } from './activity-deps';
import { temporalConnectionSettings } from './temporal-connection';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export async function createRequestWorker(
  config: IntegrationConfig,
  connection?: NativeConnection,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const conn = connection ?? (await NativeConnection.connect(temporalConnectionSettings(config.temporal)));
  const worker = await Worker.create({
    connection: conn,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath,
    activities: createActivities(activityDepsFromConfig(config)),
  });
  return { worker, connection: conn };
}
