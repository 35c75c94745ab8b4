/**
 * Starts (or keeps) the offline-queue reader workflow when `bitrix24.inbound` is "offline" or "both", and
 * stops it when inbound is back to "webhook". Called at every worker start, so it is idempotent: a running
 * reader only gets the configured refresh token again (new one → it re-authorises) and binds once more.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { IntegrationConfig } from '../config/schema';
import {
  offlineCredentialsSignal,
  offlineEventsWorkflow,
  type OfflineEventsInput,
} from '../workflows/offline-events-workflow';
import { offlineEventsWorkflowId } from '../workflows/workflow-ids';

/** `https://<portal>/rest/` for application calls: configured, else the webhook's origin. */
export function applicationRestUrl(config: IntegrationConfig): string {
  return config.bitrix24.oauth?.restUrl ?? `${new URL(config.bitrix24.webhookUrl).origin}/rest/`;
}

export async function ensureOfflineReader(client: Client, config: IntegrationConfig): Promise<string | null> {
  const workflowId = offlineEventsWorkflowId(config.bitrix24.entityTypeId);
  const oauth = config.bitrix24.oauth;
  if (config.bitrix24.inbound === 'webhook' || !oauth) {
    try {
      await client.workflow.getHandle(workflowId).cancel();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    return null;
  }
  const input: OfflineEventsInput = {
    tokens: { accessToken: '', refreshToken: oauth.refreshToken },
    configuredRefreshToken: oauth.refreshToken,
    pollIntervalMs: oauth.pollIntervalMs,
    batchSize: oauth.batchSize,
  };
  await client.workflow.signalWithStart(offlineEventsWorkflow, {
    workflowId,
    taskQueue: config.temporal.taskQueue,
    args: [input],
    signal: offlineCredentialsSignal,
    signalArgs: [{ refreshToken: oauth.refreshToken }],
  });
  return workflowId;
}

/** One line for the start-up banner. */
export function describeInbound(config: IntegrationConfig): string {
  const { inbound, entityTypeId, oauth } = config.bitrix24;
  if (inbound === 'webhook')
    return 'Bitrix24 events: outgoing webhook to the receiver (bitrix24.inbound = webhook)';
  const reader = `offline queue read by workflow ${offlineEventsWorkflowId(entityTypeId)} every ${oauth?.pollInterval ?? '?'} when idle`;
  return inbound === 'both'
    ? `Bitrix24 events: outgoing webhook and ${reader}`
    : `Bitrix24 events: ${reader}`;
}
