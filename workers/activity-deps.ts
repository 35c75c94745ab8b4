/** Builds the API clients the activities use from the validated configuration. */
import { Bitrix24Client } from '../activities/bitrix24/client';
import type { ActivityDeps } from '../activities/deps';
import { OneCClient } from '../activities/onec/client';
import { StatusCatalog } from '../activities/status-catalog';
import type { IntegrationConfig } from '../config/schema';

export function activityDepsFromConfig(config: IntegrationConfig): ActivityDeps {
  const bitrix = new Bitrix24Client({
    webhookUrl: config.bitrix24.webhookUrl,
    timeoutMs: config.bitrix24.timeoutMs,
  });
  const onec = new OneCClient({
    odataUrl: config.onec.odataUrl,
    user: config.onec.user,
    password: config.onec.password,
    timeoutMs: config.onec.timeoutMs,
    timeZone: config.onec.timezone,
    // Our writes carry the data-load flag, so the 1C extension reports them as `initiator: integration`
    // and they are not mirrored back to Bitrix24 (echo suppression).
    dataLoadMode: true,
  });
  return {
    bitrix,
    onec,
    entityTypeId: config.bitrix24.entityTypeId,
    fields: config.bitrix24.fields,
    statuses: new StatusCatalog(onec),
  };
}
