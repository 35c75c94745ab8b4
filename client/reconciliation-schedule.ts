/**
 * The reconciliation schedule (a Temporal Schedule starting workflows/reconcile-workflow): created or
 * brought in line with the configuration at every start of the worker (idempotent), and triggered on demand
 * by `npm run reconcile`.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
  type ScheduleHandle,
} from '@temporalio/client';
import type { IntegrationConfig } from '../config/schema';
import { requestSettingsFromConfig } from './request-settings';
import type { ReconcileReport } from '../domain/reconciliation';
import { reconcileWorkflow } from '../workflows/reconcile-workflow';

export function reconcileScheduleId(entityTypeId: number): string {
  return `reconcile-b24-${entityTypeId}`;
}

function scheduleBody(config: IntegrationConfig) {
  const { reconciliation, temporal, bitrix24 } = config;
  return {
    spec: { intervals: [{ every: reconciliation.intervalMs }] },
    action: {
      type: 'startWorkflow' as const,
      workflowType: reconcileWorkflow,
      workflowId: reconcileScheduleId(bitrix24.entityTypeId),
      taskQueue: temporal.taskQueue,
      args: [
        {
          lookbackMs: reconciliation.lookbackMs,
          graceMs: reconciliation.graceMs,
          settings: requestSettingsFromConfig(config),
          interactionsToBitrix24: config.interactions.toBitrix24,
          counterparties: config.counterpartySync.enabled,
        },
      ] as Parameters<typeof reconcileWorkflow>,
    },
    // A run still busy when the next tick comes (a long one, under the portal's rate limit): that tick waits
    // and starts as soon as the run ends, with its watermark. Two runs never overlap; with "skip", changes
    // would wait a further whole interval.
    policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: reconciliation.intervalMs },
  };
}

/**
 * Creates the schedule, or updates an existing one to the configured interval and arguments; deletes it
 * when reconciliation is disabled. Safe to call from every worker at every start.
 */
export async function ensureReconciliationSchedule(
  client: Client,
  config: IntegrationConfig,
): Promise<ScheduleHandle | null> {
  const scheduleId = reconcileScheduleId(config.bitrix24.entityTypeId);
  if (!config.reconciliation.enabled) {
    try {
      await client.schedule.getHandle(scheduleId).delete();
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
    return null;
  }
  const body = scheduleBody(config);
  try {
    return await client.schedule.create({ scheduleId, ...body });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(scheduleId);
  await handle.update((previous) => ({ ...previous, ...body, state: previous.state }));
  return handle;
}

const startedIds = (d: ScheduleDescription): string[] =>
  [...d.info.recentActions.map((a) => a.action), ...d.info.runningActions].map((a) => a.workflow.workflowId);

/**
 * Runs reconciliation now, through the schedule (so the watermark chain stays one), and returns the run's
 * report. A run already under way is let finish first (overlap BUFFER_ONE for this trigger).
 */
export async function reconcileNow(
  client: Client,
  config: IntegrationConfig,
  opts: { timeoutMs?: number } = {},
): Promise<{ workflowId: string; report: ReconcileReport }> {
  const handle = await ensureReconciliationSchedule(client, config);
  if (!handle) throw new Error('reconciliation is disabled (reconciliation.enabled = false)');
  const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
  const before = await handle.describe();
  // A started run's id is the schedule's workflow id plus the action time in whole seconds: a trigger within
  // the second of the previous action would reuse that id and start nothing. Let that second pass first.
  const lastAction = Math.max(0, ...before.info.recentActions.map((a) => a.takenAt.getTime()));
  const nextSecond = Math.floor(lastAction / 1000) * 1000 + 1000;
  if (Date.now() < nextSecond) await new Promise((resolve) => setTimeout(resolve, nextSecond - Date.now()));
  const known = new Set(startedIds(before));
  await handle.trigger(ScheduleOverlapPolicy.BUFFER_ONE);
  for (;;) {
    const started = startedIds(await handle.describe()).find((id) => !known.has(id));
    if (started) {
      const result = client.workflow.getHandle(started).result() as Promise<ReconcileReport>;
      const report = await Promise.race([result, timeout(deadline, 'did not finish')]);
      return { workflowId: started, report };
    }
    if (Date.now() > deadline) throw new Error('the triggered reconciliation run did not start in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Rejects at `deadline` (the timer does not keep the process alive). */
function timeout(deadline: number, what: string): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(
      () => reject(new Error(`the triggered reconciliation run ${what} in time`)),
      Math.max(0, deadline - Date.now()),
    ).unref();
  });
}

/** One line for the start-up banner. */
export function describeReconciliation(config: IntegrationConfig): string {
  const { reconciliation, bitrix24 } = config;
  if (!reconciliation.enabled) return 'reconciliation: off (reconciliation.enabled = false)';
  return `reconciliation: schedule ${reconcileScheduleId(bitrix24.entityTypeId)} every ${reconciliation.interval} (npm run reconcile runs it now)`;
}
