/**
 * Configuration rules that span several keys, reported under the path of the offending key. Kept apart
 * from the schema so the schema file stays a readable list of keys.
 */
import type { z } from 'zod';

/** The part of the parsed configuration these rules read. */
export interface CheckedConfig {
  bitrix24: {
    entityTypeId: number;
    categoryId: number;
    inbound: 'webhook' | 'offline' | 'both';
    applicationToken?: string;
    oauth?: unknown;
  };
  mapping: { stages: ReadonlyArray<{ stageId: string; status: string }> };
}

export function crossChecks(cfg: CheckedConfig, ctx: z.RefinementCtx): void {
  const prefix = `DT${cfg.bitrix24.entityTypeId}_${cfg.bitrix24.categoryId}:`;
  const seenStages = new Set<string>();
  const seenStatuses = new Set<string>();
  const issue = (path: Array<string | number>, message: string): void =>
    ctx.addIssue({ code: 'custom', path, message });
  const { inbound } = cfg.bitrix24;
  if (inbound !== 'webhook' && !cfg.bitrix24.oauth)
    issue(
      ['bitrix24', 'oauth'],
      `is required when bitrix24.inbound is "${inbound}" (the offline queue needs an application)`,
    );
  if (inbound !== 'offline' && !cfg.bitrix24.applicationToken)
    issue(['bitrix24', 'applicationToken'], `is required when bitrix24.inbound is "${inbound}"`);
  cfg.mapping.stages.forEach(({ stageId, status }, i) => {
    if (!stageId.startsWith(prefix)) {
      issue(
        ['mapping', 'stages', i, 'stageId'],
        `must start with ${prefix} (bitrix24.entityTypeId / categoryId)`,
      );
    }
    if (seenStages.has(stageId)) issue(['mapping', 'stages', i, 'stageId'], `${stageId} is mapped twice`);
    if (seenStatuses.has(status)) issue(['mapping', 'stages', i, 'status'], `${status} is mapped twice`);
    seenStages.add(stageId);
    seenStatuses.add(status);
  });
}
