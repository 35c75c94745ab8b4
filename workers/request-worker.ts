/** The worker that runs request workflows and their activities on the configured task queue. */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { dataConverterFromConfig } from '../codec/data-converter';
import type { IntegrationConfig } from '../config/schema';
import { activityDepsFromConfig } from './activity-deps';
import { temporalConnectionSettings } from './temporal-connection';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** What a started worker reports: where it takes work from and which systems it talks to (secrets masked by the logger). */
export function describeWorker(config: IntegrationConfig): Record<string, string> {
  return {
    temporal: `${config.temporal.address}/${config.temporal.namespace}`,
    taskQueue: config.temporal.taskQueue,
    bitrix24: config.bitrix24.webhookUrl,
    onec: `${config.onec.odataUrl} (user ${config.onec.user})`,
  };
}

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
