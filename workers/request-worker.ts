/**
 * The worker that runs request workflows, the counterparty locks and reconciliation, with their activities,
 * on the configured task queue. Starting it also creates (or brings in line) the reconciliation schedule.
 */
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { withFailureMapping } from '../activities/failures';
import { createReconcileActivities } from '../activities/reconcile';
import { ensureReconciliationSchedule } from '../client/reconciliation-schedule';
import { RequestDispatcher } from '../client/request-dispatcher';
import { requestSettingsFromConfig } from '../client/request-settings';
import { connectTemporal } from '../client/temporal-client';
import { dataConverterFromConfig } from '../codec/data-converter';
import type { IntegrationConfig } from '../config/schema';
import { createStatusMap } from '../domain/status-map';
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
  temporalClient?: Client,
): Promise<{ worker: Worker; connection: NativeConnection; client: Client }> {
  const conn = connection ?? (await NativeConnection.connect(temporalConnectionSettings(config.temporal)));
  const dataConverter = dataConverterFromConfig(config);
  const client = temporalClient ?? (await connectTemporal(config));
  const deps = activityDepsFromConfig(config);
  const reconcile = createReconcileActivities({
    ...deps,
    // Reconciliation heals with the receiver's own signal-with-start, so both paths behave the same.
    signals: new RequestDispatcher(client, config.temporal.taskQueue, requestSettingsFromConfig(config)),
    statusMap: createStatusMap(config.mapping.stages, config.mapping.finalStatuses),
    categoryId: config.bitrix24.categoryId,
  });
  const worker = await Worker.create({
    connection: conn,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath,
    activities: { ...createActivities(deps), ...withFailureMapping(reconcile) },
    ...(dataConverter ? { dataConverter } : {}),
  });
  await ensureReconciliationSchedule(client, config);
  return { worker, connection: conn, client };
}
