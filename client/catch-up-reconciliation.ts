/**
 * Bitrix24 does not retry an outgoing webhook that failed, so whatever changed while this receiver was down
 * reaches us only through reconciliation. Rather than leave it to the schedule's next tick (up to a whole
 * interval later), a receiver that starts asks for one run as soon as those changes are older than
 * `reconciliation.grace` — the age below which a run leaves a change to its event.
 */
import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { IntegrationConfig } from '../config/schema';
import type { Logger } from '../observability/logger';
import { reconcileScheduleId } from './reconciliation-schedule';

/** Past the grace, so the run sees every change made before this start. */
const MARGIN_MS = 1_000;

/** Arms the catch-up run; the returned function disarms it (on shutdown before it fired). */
export function armCatchUpReconciliation(
  client: Pick<Client, 'schedule'>,
  config: IntegrationConfig,
  logger: Pick<Logger, 'info' | 'warn'>,
): () => void {
  const { enabled, catchUpOnStart, graceMs } = config.reconciliation;
  if (!enabled || !catchUpOnStart) return () => undefined;
  const timer = setTimeout(() => {
    const schedule = client.schedule.getHandle(reconcileScheduleId(config.bitrix24.entityTypeId));
    // BUFFER_ONE: a run already under way finishes first, then this one starts from its watermark.
    schedule.trigger(ScheduleOverlapPolicy.BUFFER_ONE).then(
      () => logger.info('reconciliation triggered to catch up on changes made while the receiver was down'),
      (err: unknown) =>
        logger.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'catch-up reconciliation not triggered; the schedule runs it at its next tick',
        ),
    );
  }, graceMs + MARGIN_MS);
  timer.unref();
  return () => clearTimeout(timer);
}
