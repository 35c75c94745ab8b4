/**
 * The counterparty sweep's activities (reconciliation without the 1C extension): read linked counterparties
 * page by page with a digest of what 1C owns, and hand the changed ones to their client's entity workflow
 * with the very signal-with-start the receiver uses for the extension's `counterparty.changed`
 * (client/counterparty-dispatcher), so both paths behave the same. The decisions are in
 * domain/counterparty-sweep.ts; the history row is written by the entity workflow when it corrects
 * something — one row per correction, none when the two sides already agree.
 */
import type { CounterpartySignals } from '../client/counterparty-dispatcher';
import { ownedDigest } from '../domain/counterparty-sweep';
import type { Ownership, SyncField } from '../domain/counterparty-sync';
import { parseBitrixClientKey } from '../domain/onec-request';
import type { OneCClient } from './onec/client';
import { listLinkedCounterparties, type LinkedCounterpartyRow } from './onec/counterparties';

export interface SweptRow {
  key: string;
  ref: string;
  dataVersion: string;
  digest: string;
}

export interface SweptPage {
  rows: SweptRow[];
  /** `$skip` of the next page; null after the last one. */
  next: number | null;
}

export interface CounterpartySweepDeps {
  onec: OneCClient;
  counterparties: CounterpartySignals;
  ownership: Ownership;
}

const valuesOf = (row: LinkedCounterpartyRow): Record<SyncField, string> => ({
  name: row.Description,
  phone: row.Телефон,
  email: row.Email,
  clientType: row.ТипКонтрагента,
  inn: row.ИНН,
  kpp: row.КПП ?? '',
  legalAddress: row.ЮридическийАдрес ?? '',
});

export function createCounterpartySweepActivities(deps: CounterpartySweepDeps) {
  /** One page (`$top`/`$skip` in `Code` order); rows whose link is not a client key are left out. */
  async function readLinkedCounterparties(input: { skip: number; top: number }): Promise<SweptPage> {
    const page = await listLinkedCounterparties(deps.onec, input);
    const rows = page.flatMap((row) => {
      const key = row.ИдКомпанииБитрикс24.trim();
      if (!parseBitrixClientKey(key)) return [];
      return [
        {
          key,
          ref: row.Ref_Key,
          dataVersion: row.DataVersion,
          digest: ownedDigest(valuesOf(row), deps.ownership),
        },
      ];
    });
    return { rows, next: page.length < input.top ? null : input.skip + input.top };
  }

  /** Signals each client's workflow (starting it when idle) with a 1C-side change; returns how many. */
  async function signalCounterpartyChanges(input: {
    changed: Array<{ key: string; ref: string; dataVersion: string }>;
  }): Promise<number> {
    let signalled = 0;
    for (const row of input.changed) {
      const client = parseBitrixClientKey(row.key);
      if (!client) continue;
      await deps.counterparties.onecCounterpartyChanged(client, {
        // One id per counterparty version: a retried activity repeats the same signal, a no-op for the sync.
        eventId: `reconcile-${row.ref}-${row.dataVersion}`,
        dataVersion: row.dataVersion,
        initiator: 'user',
      });
      signalled += 1;
    }
    return signalled;
  }

  return { readLinkedCounterparties, signalCounterpartyChanges };
}

export type CounterpartySweepActivities = ReturnType<typeof createCounterpartySweepActivities>;
