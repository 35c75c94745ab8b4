/** Builds the API clients the activities use from the validated configuration. */
import { Bitrix24Client } from '../activities/bitrix24/client';
import { Bitrix24Governor, CLOUD_LIMITS, type SharedBudgetOptions } from '../activities/bitrix24/governor';
import type { ActivityDeps } from '../activities/deps';
import { OneCClient } from '../activities/onec/client';
import { StatusCatalog } from '../activities/status-catalog';
import type { IntegrationConfig } from '../config/schema';

/**
 * `shared`: the portal's budget leased from its budget workflow (several workers, `budget: shared`). The
 * process's own bucket is then its fixed 1/workers share, used only while that budget cannot be reached.
 */
export function activityDepsFromConfig(
  config: IntegrationConfig,
  shared?: SharedBudgetOptions,
): ActivityDeps {
  const limits = config.bitrix24.limits;
  const governor = new Bitrix24Governor(
    {
      ...CLOUD_LIMITS,
      requestsPerSecond: limits.requestsPerSecond / limits.workers,
      bucketSize: Math.max(1, Math.floor(limits.bucketSize / limits.workers)),
      // The portal reports the method's total operating time, whoever spent it: no share to compute.
      operatingSeconds: limits.operatingSeconds,
    },
    undefined,
    shared,
  );
  const bitrix = new Bitrix24Client({
    webhookUrl: config.bitrix24.webhookUrl,
    timeoutMs: config.bitrix24.timeoutMs,
    governor,
  });
  const onec = new OneCClient({
    odataUrl: config.onec.odataUrl,
    user: config.onec.user,
    password: config.onec.password,
    timeoutMs: config.onec.timeoutMs,
    timeZone: config.onec.timezone,
    maxConcurrentRequests: config.onec.maxConcurrentRequests,
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
