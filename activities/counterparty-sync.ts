/**
 * Activities of the client entity workflow (workflows/client-sync-workflow.ts): read both sides, write the
 * owned fields across, record the history row. Thin: the decisions are in domain/counterparty-sync.ts.
 */
import { bitrixClientKey } from '../domain/counterparty';
import { counterpartyHistoryRecord, type CounterpartySyncDirection } from '../domain/counterparty-history';
import type {
  BitrixClientSide,
  BitrixPatch,
  FieldChange,
  OneCCounterpartySide,
  OneCPatch,
} from '../domain/counterparty-sync';
import type { BitrixClientRef } from '../domain/onec-request';
import { toOneCDateTime } from '../domain/onec-time';
import { readBitrixClientSide, writeBitrixClientSide } from './bitrix24/client-sync';
import type { ActivityDeps } from './deps';
import { findCounterparty, getCounterparty, updateCounterparty } from './onec/counterparties';
import { OneCPreconditionFailed } from './onec/errors';
import { writeHistory } from './onec/history';

export interface CounterpartySyncActivities {
  /** The company/contact with its first requisite and legal address; null when it is gone. */
  readBitrixClientSide(client: BitrixClientRef): Promise<BitrixClientSide | null>;
  /** Returns `DATE_MODIFY` (Unix seconds) after a write to the client itself, for echo recognition. */
  writeBitrixClientSide(input: {
    client: BitrixClientRef;
    patch: BitrixPatch;
  }): Promise<{ modifiedAt: number | null }>;
  /** The counterparty whose `ИдКомпанииБитрикс24` names the client; null when none (or several) does. */
  readLinkedCounterparty(client: BitrixClientRef): Promise<OneCCounterpartySide | null>;
  /** Writes the patch if the counterparty is still at `dataVersion`; null when it changed meanwhile. */
  writeLinkedCounterparty(input: {
    ref: string;
    patch: OneCPatch;
    dataVersion: string;
  }): Promise<{ dataVersion: string } | null>;
  recordCounterpartySync(input: {
    counterpartyRef: string;
    client: BitrixClientRef;
    direction: CounterpartySyncDirection;
    syncId: string;
    changes: FieldChange[];
    /** ISO instant of the sync (workflow time); retries carry the same value. */
    at: string;
  }): Promise<void>;
}

/** These call Bitrix24 and run on its task queue with the other Bitrix24 activities. */
export const COUNTERPARTY_SYNC_BITRIX24_ACTIVITIES = [
  'readBitrixClientSide',
  'writeBitrixClientSide',
] as const satisfies ReadonlyArray<keyof CounterpartySyncActivities>;

export function createCounterpartySyncActivities({ bitrix, onec }: ActivityDeps): CounterpartySyncActivities {
  return {
    readBitrixClientSide: (client) => readBitrixClientSide(bitrix, client),
    writeBitrixClientSide: ({ client, patch }) => writeBitrixClientSide(bitrix, client, patch),

    async readLinkedCounterparty(client) {
      const match = await findCounterparty(onec, { bitrixKey: bitrixClientKey(client) });
      // Two counterparties claiming the same client is for a person to sort out; guessing would overwrite one.
      if (match.status !== 'unique') return null;
      const c = await getCounterparty(onec, match.counterparty.Ref_Key);
      if (!c) return null;
      return {
        ref: c.Ref_Key,
        dataVersion: c.DataVersion,
        name: c.Description.trim(),
        phone: c.Телефон.trim(),
        email: c.Email.trim(),
        type: c.ТипКонтрагента,
        inn: c.ИНН.trim(),
        kpp: (c.КПП ?? '').trim(),
        legalAddress: (c.ЮридическийАдрес ?? '').trim(),
      };
    },

    async writeLinkedCounterparty({ ref, patch, dataVersion }) {
      try {
        const after = await updateCounterparty(onec, ref, patch, dataVersion);
        return { dataVersion: after.DataVersion };
      } catch (err) {
        if (err instanceof OneCPreconditionFailed) return null;
        throw err;
      }
    },

    async recordCounterpartySync(input) {
      const record = counterpartyHistoryRecord({
        counterpartyRef: input.counterpartyRef,
        direction: input.direction,
        syncId: input.syncId,
        client: `${input.client.kind === 'company' ? 'компания' : 'контакт'} ${input.client.id}`,
        changes: input.changes,
        period: toOneCDateTime(Date.parse(input.at), onec.timeZone),
      });
      await writeHistory(onec, record);
    },
  };
}
