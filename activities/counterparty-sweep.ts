/**
 * The reconciliation sweep's side of counterparty synchronisation: page through the linked counterparties'
 * versions, and hand changed ones to their client workflows with the receiver's own signal-with-start.
 */
import { parseBitrixClientKey } from '../domain/onec-request';
import type { CounterpartyVersion } from '../domain/counterparty-versions';
import type { CounterpartySignals } from '../client/counterparty-dispatcher';
import type { OneCClient } from './onec/client';
import { listLinkedCounterpartyVersions } from './onec/counterparties';

export interface CounterpartySweepActivities {
  /** One page of linked, not deleted counterparties, by code; `next` is the next `skip` or null. */
  listLinkedCounterparties(input: {
    skip: number;
    top: number;
  }): Promise<{ rows: CounterpartyVersion[]; next: number | null }>;
  /** Signals each counterparty's client workflow; returns how many were signalled. */
  signalChangedCounterparties(input: { rows: CounterpartyVersion[]; runTag: string }): Promise<number>;
}

export function createCounterpartySweepActivities(deps: {
  onec: OneCClient;
  counterparties: CounterpartySignals;
}): CounterpartySweepActivities {
  return {
    async listLinkedCounterparties({ skip, top }) {
      const rows = await listLinkedCounterpartyVersions(deps.onec, { skip, top });
      return { rows, next: rows.length < top ? null : skip + rows.length };
    },
    async signalChangedCounterparties({ rows, runTag }) {
      let signalled = 0;
      for (const row of rows) {
        const client = parseBitrixClientKey(row.bitrixKey);
        if (!client) continue;
        await deps.counterparties.onecCounterpartyChanged(client, {
          eventId: `${runTag}:${row.ref}`,
          dataVersion: row.dataVersion,
          initiator: 'user',
        });
        signalled += 1;
      }
      return signalled;
    },
  };
}
