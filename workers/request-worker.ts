/** The worker that runs request workflows and their activities on the configured task queue. */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { dataConverterFromConfig } from '../codec/data-converter';
import type { IntegrationConfig } from '../config/schema';
import { activityDepsFromConfig } from './activity-deps';
import { temporalConnectionSettings } from './temporal-connection';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export async function createRequestWorker(
  config: IntegrationConfig,
  connection?: NativeConnection,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const conn = connection ?? (await NativeConnection.connect(temporalConnectionSettings(config.temporal)));
  const dataConverter = dataConverterFromConfig(config);
  const worker = await Worker.create({
    connection: conn,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath,
    activities: createActivities(activityDepsFromConfig(config)),
    ...(dataConverter ? { dataConverter } : {}),
  });
  return { worker, connection: conn };
}
