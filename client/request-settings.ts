/** The workflow input derived from the configuration (see workflows/request-settings.ts for why). */
import { createHmac } from 'node:crypto';
import type { IntegrationConfig } from '../config/schema';
import type { RequestSettings } from '../workflows/request-settings';

export function requestSettingsFromConfig(config: IntegrationConfig): RequestSettings {
  return {
    // Derived from the notification secret: stable across codec key rotations, unknown to Temporal readers.
    lockSalt: createHmac('sha256', config.onec.notifySecret).update('counterparty-lock').digest('hex'),
    entityTypeId: config.bitrix24.entityTypeId,
    categoryId: config.bitrix24.categoryId,
    stages: config.mapping.stages,
    finalStatuses: config.mapping.finalStatuses,
    requestTypes: config.mapping.requestTypes,
    checkInn: config.validation.checkInn,
    matchingOrder: config.matching.order,
    clientTypes: config.mapping.clientTypes,
    notifyResponsible: config.notifications.notifyResponsible,
    escalateAfterMs: config.notifications.escalateAfterMs,
    escalateToUserId: config.notifications.escalateToUserId ?? null,
    vanishedDocument: config.onec.vanishedDocument,
    onItemDeleted: config.bitrix24.onItemDeleted,
    onecPollIntervalMs: config.onec.polling.enabled ? config.onec.polling.intervalSeconds * 1000 : null,
    notifyOnOneCStatuses: config.notifications.onOneCStatus,
    portalUrl: config.bitrix24.portalUrl ?? new URL(config.bitrix24.webhookUrl).origin,
    onecRequests: config.onecRequests,
  };
}
