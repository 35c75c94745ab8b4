/** The admin handler from the configuration, or undefined when no admin token is configured (→ 404). */
import type { Client } from '@temporalio/client';
import { OneCClient } from '../activities/onec/client';
import type { IntegrationConfig } from '../config/schema';
import { gatherReport } from '../report/gather';
import { retryFailedRun } from './retry';
import { createAdminHandler, type AdminHandler } from './routes';

export function reportSourcesFromConfig(config: IntegrationConfig, client: Client) {
  return {
    onec: new OneCClient({
      odataUrl: config.onec.odataUrl,
      user: config.onec.user,
      password: config.onec.password,
      timeoutMs: config.onec.timeoutMs,
      timeZone: config.onec.timezone,
    }),
    temporal: client,
    finalStatuses: config.mapping.finalStatuses,
    stuckAfterDays: config.admin.stuckAfterDays,
  };
}

export function adminFromConfig(config: IntegrationConfig, client: Client): AdminHandler | undefined {
  const token = config.admin.token;
  if (!token) return undefined;
  const sources = reportSourcesFromConfig(config, client);
  return createAdminHandler({
    token,
    timeZone: config.onec.timezone,
    report: (period) => gatherReport(sources, period),
    retry: (workflowId, runId, reason) => retryFailedRun(client, workflowId, runId, reason),
  });
}
