/**
 * Back-fill activities: Bitrix24 companies and contacts read chunk by chunk with the fast export reader
 * (bitrix24/export.ts: `start=-1`, `>ID` cursor, pages chained in one `batch`), turned into the same
 * ClientSnapshot a request's client is, and the one 1C fact the plan needs beyond the product's own
 * counterparty activities: which Bitrix24 id a found counterparty already carries.
 */
import { z } from 'zod';
import type { ClientSnapshot } from '../domain/request';
import type { ActivityDeps } from './deps';
import { companySnapshot, contactSnapshot } from './bitrix24/client-snapshot';
import { exportAll, readAfter, type ExportCursor, type ExportSource } from './bitrix24/export';
import { getCounterparty } from './onec/counterparties';

export type ClientKind = 'company' | 'contact';

const multifield = z.array(z.object({ VALUE: z.string() }).passthrough()).nullish();
const companyRow = z
  .object({
    ID: z.coerce.number(),
    TITLE: z.string().nullish(),
    COMPANY_TYPE: z.string().nullish(),
    PHONE: multifield,
    EMAIL: multifield,
  })
  .passthrough();
const contactRow = z
  .object({
    ID: z.coerce.number(),
    NAME: z.string().nullish(),
    LAST_NAME: z.string().nullish(),
    SECOND_NAME: z.string().nullish(),
    TYPE_ID: z.string().nullish(),
    PHONE: multifield,
    EMAIL: multifield,
  })
  .passthrough();
const requisiteRow = z.object({
  ID: z.coerce.number(),
  ENTITY_ID: z.coerce.number(),
  RQ_INN: z.string().nullish(),
});

const SOURCES: Record<ClientKind, ExportSource> = {
  company: {
    method: 'crm.company.list',
    params: { select: ['ID', 'TITLE', 'COMPANY_TYPE', 'PHONE', 'EMAIL'] },
    idField: 'ID',
  },
  contact: {
    method: 'crm.contact.list',
    params: { select: ['ID', 'NAME', 'LAST_NAME', 'SECOND_NAME', 'TYPE_ID', 'PHONE', 'EMAIL'] },
    idField: 'ID',
  },
};

export interface ClientsChunk {
  clients: ClientSnapshot[];
  cursor: ExportCursor;
}

export function createBackfillActivities({ bitrix, onec }: ActivityDeps) {
  /** INNs of these companies from their requisites (the first requisite with one wins, as for requests). */
  async function innsOf(companyIds: number[]): Promise<Map<number, string>> {
    const inns = new Map<number, string>();
    if (companyIds.length === 0) return inns;
    const source: ExportSource = {
      method: 'crm.requisite.list',
      params: {
        filter: { ENTITY_TYPE_ID: 4, '@ENTITY_ID': companyIds },
        select: ['ID', 'ENTITY_ID', 'RQ_INN'],
      },
      idField: 'ID',
    };
    await exportAll(bitrix, source, {
      onBatch: (read) => {
        for (const raw of read.rows) {
          const row = requisiteRow.parse(raw);
          const inn = row.RQ_INN?.trim();
          if (inn && !inns.has(row.ENTITY_ID)) inns.set(row.ENTITY_ID, inn);
        }
      },
    });
    return inns;
  }

  /** The next companies or contacts after `cursor` (at most `pages` × 50), as client snapshots. */
  async function readClients(input: {
    kind: ClientKind;
    cursor: ExportCursor;
    pages: number;
  }): Promise<ClientsChunk> {
    const read = await readAfter(bitrix, SOURCES[input.kind], input.cursor, input.pages);
    if (input.kind === 'contact') {
      const clients = read.rows.map((raw) => {
        const row = contactRow.parse(raw);
        return contactSnapshot(row.ID, row);
      });
      return { clients, cursor: read.cursor };
    }
    const rows = read.rows.map((raw) => companyRow.parse(raw));
    const inns = await innsOf(rows.map((r) => r.ID));
    const clients = rows.map((row) => companySnapshot(row.ID, row, inns.get(row.ID)));
    return { clients, cursor: read.cursor };
  }

  /** How many companies and contacts there are (one counted page each: the progress bar's 100 %). */
  async function countClients(): Promise<number> {
    const outcome = await bitrix.batch({
      company: { method: 'crm.company.list', params: { select: ['ID'], start: 0 } },
      contact: { method: 'crm.contact.list', params: { select: ['ID'], start: 0 } },
    });
    const total = z.coerce.number().catch(0);
    return total.parse(outcome.totals?.company ?? 0) + total.parse(outcome.totals?.contact ?? 0);
  }

  /** The Bitrix24 key (`ИдКомпанииБитрикс24`) the counterparty carries now; '' when none or gone. */
  async function counterpartyLink(ref: string): Promise<string> {
    return (await getCounterparty(onec, ref))?.ИдКомпанииБитрикс24.trim() ?? '';
  }

  return { readClients, countClients, counterpartyLink };
}

export type BackfillActivities = ReturnType<typeof createBackfillActivities>;
