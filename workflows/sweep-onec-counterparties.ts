/**
 * The counterparty sweep, run inside every scheduled reconciliation: for bases without the 1C extension (or
 * a lost `counterparty.changed`), linked counterparties whose 1C-owned values (INN, KPP, legal address by
 * default) changed since the last run are handed to their client's entity workflow, which writes them to
 * the Bitrix24 requisite. The digests of the previous run travel in the reconciliation report — workflow
 * state, never a file (domain/counterparty-sweep.ts explains why digests and what they cost).
 */
import { log, proxyActivities } from '@temporalio/workflow';
import { HEARTBEAT_TIMEOUT } from './activity-options';
import type { CounterpartySweepActivities, SweptPage } from '../activities/counterparty-sweep';
import {
  changedSinceLastSweep,
  MAX_SWEPT_COUNTERPARTIES,
  SWEEP_PAGE_SIZE,
  type CounterpartySweepResult,
} from '../domain/counterparty-sweep';

const sweep = proxyActivities<CounterpartySweepActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export async function sweepOneCCounterparties(input: {
  /** Digests of the previous run; null on the first run (which takes the baseline only). */
  previous: Record<string, string> | null;
}): Promise<CounterpartySweepResult> {
  const digests: Record<string, string> = {};
  let read = 0;
  let signalled = 0;
  let truncated = false;
  for (let skip: number | null = 0; skip !== null;) {
    if (read >= MAX_SWEPT_COUNTERPARTIES) {
      truncated = true;
      log.warn('too many linked counterparties for the reconciliation sweep; install the 1C extension', {
        limit: MAX_SWEPT_COUNTERPARTIES,
      });
      break;
    }
    const page: SweptPage = await sweep.readLinkedCounterparties({ skip, top: SWEEP_PAGE_SIZE });
    read += page.rows.length;
    const changedKeys = new Set(changedSinceLastSweep(input.previous, page.rows));
    for (const row of page.rows) digests[row.key] = row.digest;
    const changed = page.rows
      .filter((r) => changedKeys.has(r.key))
      .map(({ key, ref, dataVersion }) => ({ key, ref, dataVersion }));
    if (changed.length > 0) signalled += await sweep.signalCounterpartyChanges({ changed });
    skip = page.next;
  }
  return { digests, read, signalled, truncated };
}
