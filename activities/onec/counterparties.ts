/**
 * Counterparties («Catalog_Контрагенты») as the integration needs them: dedupe lookups by one key,
 * creation, and conditional updates. Property names are those of the base (reference §9.1).
 */
import { z } from 'zod';
import type { CounterpartyFields } from '../../domain/counterparty';
import type { OneCClient } from './client';
import { and, eq, ne, odataBoolean, odataString, type ODataFilter } from './literals';
import { patchIfUnchanged } from './optimistic';

export const COUNTERPARTIES = 'Catalog_Контрагенты';

const SELECT = [
  'Ref_Key',
  'DataVersion',
  'Description',
  'ИНН',
  'Телефон',
  'Email',
  'ТипКонтрагента',
  'ИдКомпанииБитрикс24',
];

/**
 * Rows keep the catalog's attribute names, so they feed the domain rules (`fillMissing`) unchanged.
 * Fixed-length strings may come space-padded; callers compare trimmed values.
 */
const counterpartyRow = z.object({
  Ref_Key: z.string(),
  DataVersion: z.string(),
  Description: z.string(),
  ИНН: z.string(),
  /** Строка(9); only in full reads, and optional so a base without the attribute still reads. */
  КПП: z.string().optional(),
  Телефон: z.string(),
  Email: z.string(),
  /** "" is 1C's empty enum value. */
  ТипКонтрагента: z.union([z.enum(['ФизическоеЛицо', 'ЮридическоеЛицо', 'Поставщик']), z.literal('')]),
  ИдКомпанииБитрикс24: z.string(),
  /** Only in full reads (`getCounterparty`); the dedupe query does not select it. */
  ЮридическийАдрес: z.string().optional(),
});
export type Counterparty = z.infer<typeof counterpartyRow>;

/** Exactly one key to search by; values must already be normalised (`+7…` phone, lower-case e-mail). */
export type CounterpartyKey = { bitrixKey: string } | { inn: string } | { phone: string } | { email: string };

export type CounterpartyMatch =
  | { status: 'none' }
  | { status: 'unique'; counterparty: Counterparty }
  | { status: 'ambiguous'; candidates: Counterparty[] };

function keyFilter(by: CounterpartyKey): ODataFilter {
  if ('bitrixKey' in by) return eq('ИдКомпанииБитрикс24', odataString(by.bitrixKey));
  if ('inn' in by) return eq('ИНН', odataString(by.inn));
  if ('phone' in by) return eq('Телефон', odataString(by.phone));
  return eq('Email', odataString(by.email));
}

/** Looks up non-deleted counterparties by one key; `$top=2` is enough to tell unique from ambiguous. */
export async function findCounterparty(c: OneCClient, by: CounterpartyKey): Promise<CounterpartyMatch> {
  const filter = and(keyFilter(by), eq('DeletionMark', odataBoolean(false)));
  const rows = await c.list(
    COUNTERPARTIES,
    { filter, select: SELECT, orderby: 'Code', top: 2 },
    counterpartyRow,
  );
  const [first, second] = rows;
  if (!first) return { status: 'none' };
  if (!second) return { status: 'unique', counterparty: first };
  return { status: 'ambiguous', candidates: rows };
}

/** Writable attributes: the domain's fields plus the legal address, which only 1C users maintain today. */
export type CounterpartyWrite = Partial<CounterpartyFields> & { ЮридическийАдрес?: string; КПП?: string };

const WRITABLE = [
  'Description',
  'ИНН',
  'КПП',
  'ЮридическийАдрес',
  'Телефон',
  'Email',
  'ТипКонтрагента',
  'ИдКомпанииБитрикс24',
];

/** Copies only catalog attributes (1C would silently ignore others; we'd rather not send them). */
function toBody(fields: CounterpartyWrite): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    if (WRITABLE.includes(key) && value !== undefined) body[key] = value;
  return body;
}

/** The counterparty by key with all its attributes, or undefined when it no longer exists. */
export async function getCounterparty(c: OneCClient, ref: string): Promise<Counterparty | undefined> {
  return c.get(COUNTERPARTIES, ref, counterpartyRow);
}

export async function createCounterparty(
  c: OneCClient,
  fields: CounterpartyFields & { ЮридическийАдрес?: string },
): Promise<Counterparty> {
  return c.create(COUNTERPARTIES, toBody(fields), counterpartyRow);
}

/** Updates only the given fields, provided the counterparty is still at `dataVersion`. */
export async function updateCounterparty(
  c: OneCClient,
  ref: string,
  patch: CounterpartyWrite,
  dataVersion: string,
): Promise<Counterparty> {
  return patchIfUnchanged(c, COUNTERPARTIES, ref, toBody(patch), dataVersion, counterpartyRow);
}

const linkedRow = z.object({
  Ref_Key: z.string(),
  DataVersion: z.string(),
  ИдКомпанииБитрикс24: z.string(),
  Description: z.string(),
  ИНН: z.string(),
  КПП: z.string().optional(),
  ЮридическийАдрес: z.string().optional(),
  Телефон: z.string(),
  Email: z.string(),
  ТипКонтрагента: z.string(),
});
export type LinkedCounterpartyRow = z.infer<typeof linkedRow>;

/**
 * One page of the counterparties linked to a Bitrix24 client, in `Code` order (the stable catalog order,
 * docs/onec-odata.md §4.4), with every attribute the sync compares — the reconciliation sweep digests them.
 */
export async function listLinkedCounterparties(
  c: OneCClient,
  page: { top: number; skip: number },
): Promise<LinkedCounterpartyRow[]> {
  const filter = and(ne('ИдКомпанииБитрикс24', odataString('')), eq('DeletionMark', odataBoolean(false)));
  return c.list(
    COUNTERPARTIES,
    {
      filter,
      select: ['Ref_Key', 'DataVersion', ...WRITABLE],
      orderby: 'Code',
      top: page.top,
      skip: page.skip,
    },
    linkedRow,
  );
}
