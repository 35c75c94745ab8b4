/** Wires the receiver to Temporal and the configuration (used by `npm run receiver`, `npm start`, the demo). */
import type { Client } from '@temporalio/client';
import { adminFromConfig } from '../admin/configured';
import type { IntegrationConfig } from '../config/schema';
import type { Logger } from '../observability/logger';
import { armCatchUpReconciliation } from './catch-up-reconciliation';
import { startReceiver, type Receiver } from './receiver';
import { InteractionDispatcher } from './interaction-dispatcher';
import { CounterpartyDispatcher, clientSyncSettingsFromConfig } from './counterparty-dispatcher';
import { RequestDispatcher } from './request-dispatcher';
import { requestSettingsFromConfig } from './request-settings';

export async function startConfiguredReceiver(
  config: IntegrationConfig,
  client: Client,
  logger: Logger,
): Promise<Receiver> {
  const interactions = new InteractionDispatcher(client, config.temporal.taskQueue);
  const receiver = await startReceiver({
    host: config.receiver.host,
    port: config.receiver.port,
    maxBodyBytes: config.receiver.maxBodyBytes,
    ...(config.bitrix24.inbound !== 'offline' && config.bitrix24.applicationToken
      ? { applicationToken: config.bitrix24.applicationToken }
      : {}),
    onecSecret: config.onec.notifySecret,
    entityTypeId: config.bitrix24.entityTypeId,
    ...(config.receiver.rateLimit.enabled ? { rateLimit: config.receiver.rateLimit } : {}),
    onecRequests: config.onecRequests.enabled,
    ...(config.interactions.fromBitrix24 ? { activityEvents: interactions } : {}),
    ...(config.interactions.toBitrix24 ? { onecInteractions: interactions } : {}),
    dispatcher: new RequestDispatcher(client, config.temporal.taskQueue, requestSettingsFromConfig(config)),
    ...(config.counterpartySync.enabled
      ? {
          counterparties: new CounterpartyDispatcher(
            client,
            config.temporal.taskQueue,
            clientSyncSettingsFromConfig(config),
          ),
        }
      : {}),
    logger,
    admin: adminFromConfig(config, client),
  });
  const disarm = armCatchUpReconciliation(client, config, logger);
  return {
    url: receiver.url,
    close: async (graceMs) => {
      disarm();
      await receiver.close(graceMs);
    },
  };
}

/** What the administrator configures on the other side: Bitrix24's outgoing webhook and the 1C extension. */
export function receiverEndpoints(config: IntegrationConfig, receiver: Receiver): Record<string, string> {
  const base = config.receiver.publicUrl ?? `${receiver.url}/`;
  return {
    listening: receiver.url,
    bitrix24Handler: `${base}webhooks/bitrix24`,
    onecNotifications: `${base}webhooks/onec`,
    adminPage: config.admin.token ? `${base}admin` : 'disabled (set admin.token / ADMIN_TOKEN)',
  };
}
