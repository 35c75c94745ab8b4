/** Wires the receiver to Temporal and the configuration (used by `npm run receiver`, `npm start`, the demo). */
import type { Client } from '@temporalio/client';
import type { IntegrationConfig } from '../config/schema';
import { startReceiver, type Receiver } from './receiver';
import { RequestDispatcher } from './request-dispatcher';
import { requestSettingsFromConfig } from './request-settings';

export async function startConfiguredReceiver(config: IntegrationConfig, client: Client): Promise<Receiver> {
  return startReceiver({
    host: config.receiver.host,
    port: config.receiver.port,
    maxBodyBytes: config.receiver.maxBodyBytes,
    applicationToken: config.bitrix24.applicationToken,
    onecSecret: config.onec.notifySecret,
    entityTypeId: config.bitrix24.entityTypeId,
    onecRequests: config.onecRequests.enabled,
    dispatcher: new RequestDispatcher(client, config.temporal.taskQueue, requestSettingsFromConfig(config)),
  });
}

/** What the administrator configures on the other side: Bitrix24's outgoing webhook and the 1C extension. */
export function describeEndpoints(config: IntegrationConfig, receiver: Receiver): string {
  const base = config.receiver.publicUrl ?? `${receiver.url}/`;
  return [
    `receiver listening on ${receiver.url}`,
    `  Bitrix24 outgoing webhook handler: ${base}webhooks/bitrix24`,
    `  1C extension notification address: ${base}webhooks/onec`,
  ].join('\n');
}
