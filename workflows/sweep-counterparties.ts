/**
 * Part of a reconciliation run: counterparties changed in 1C since the previous run (by DataVersion, see
 * domain/counterparty-versions.ts) go to their client workflows — the path for bases without the extension,
 * and the safety net for a notification lost on the way.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CounterpartySweepActivities } from '../activities/counterparty-sweep';
import { changedSince, versionDigest, type CounterpartyVersion } from '../domain/counterparty-versions';

const sweep = proxyActivities<CounterpartySweepActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const PAGE = 500;

export interface CounterpartySweepResult {
  /** Digests of every linked counterparty's version, for the next run. */
  versions: string[];
  checked: number;
  signalled: number;
}

export async function sweepCounterparties(input: {
  previous: string[] | undefined;
  runTag: string;
}): Promise<CounterpartySweepResult> {
  const current: CounterpartyVersion[] = [];
  for (let skip: number | null = 0; skip !== null;) {
    const page: { rows: CounterpartyVersion[]; next: number | null } = await sweep.listLinkedCounterparties({
      skip,
      top: PAGE,
    });
    current.push(...page.rows);
    skip = page.next;
  }
  const changed = changedSince(input.previous, current);
  let signalled = 0;
  for (let i = 0; i < changed.length; i += PAGE) {
    signalled += await sweep.signalChangedCounterparties({
      rows: changed.slice(i, i + PAGE),
      runTag: input.runTag,
    });
  }
  return { versions: current.map(versionDigest), checked: current.length, signalled };
}
