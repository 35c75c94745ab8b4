/**
 * Request documents («Document_Заявка»): idempotent lookup by Bitrix24 item id, creation, posting,
 * conditional status changes and the reconciliation poll (reference §9.1, §9.5).
 */
import { z } from 'zod';
import { EMPTY_REF } from '../../domain/history';
import { toOneCDateTime } from '../../domain/onec-time';
import type { RequestType } from '../../domain/request';
import type { OneCClient } from './client';
import { OneCError } from './errors';
import { and, eq, ge, normalizeGuid, odataBoolean, odataDateTime, odataString } from './literals';
import { patchIfUnchanged } from './optimistic';

export const REQUESTS = 'Document_Заявка';

const requestRow = z
  .object({
    Ref_Key: z.string(),
    DataVersion: z.string(),
    DeletionMark: z.boolean(),
    Number: z.string(),
    Date: z.string(),
    Posted: z.boolean(),
    Контрагент_Key: z.string(),
    Описание: z.string(),
    ТипЗаявки: z.string(),
    Статус_Key: z.string(),
    Ответственный: z.string(),
    ИдЭлементаБитрикс24: z.string(),
  })
  .transform((r) => ({
    ref: r.Ref_Key,
    dataVersion: r.DataVersion,
    deletionMark: r.DeletionMark,
    number: r.Number,
    /** Naive local time of the base, as 1C stores it. */
    date: r.Date,
    posted: r.Posted,
    counterpartyRef: r.Контрагент_Key === EMPTY_REF ? undefined : r.Контрагент_Key,
    description: r.Описание,
    type: r.ТипЗаявки === '' ? undefined : (r.ТипЗаявки as RequestType),
    statusRef: r.Статус_Key,
    responsible: r.Ответственный,
    bitrixItemId: r.ИдЭлементаБитрикс24,
  }));
export type OneCRequest = z.infer<typeof requestRow>;

const headerRow = z
  .object({ Ref_Key: z.string(), DataVersion: z.string(), Posted: z.boolean(), Статус_Key: z.string() })
  .transform((r) => ({
    ref: r.Ref_Key,
    dataVersion: r.DataVersion,
    posted: r.Posted,
    statusRef: r.Статус_Key,
  }));
export type RequestHeader = z.infer<typeof headerRow>;

/**
 * The live document created for a Bitrix24 item, if any. One marked for deletion does not count: it is
 * how 1C users delete, and the request may have got a new document since. Two live ones is data
 * corruption: stop loudly.
 */
export async function findRequestByItemId(
  c: OneCClient,
  itemId: number | string,
): Promise<RequestHeader | undefined> {
  const filter = and(
    eq('ИдЭлементаБитрикс24', odataString(String(itemId))),
    eq('DeletionMark', odataBoolean(false)),
  );
  const select = ['Ref_Key', 'DataVersion', 'Posted', 'Статус_Key'];
  const rows = await c.list(REQUESTS, { filter, select, top: 2 }, headerRow);
  if (rows.length > 1) {
    throw new OneCError(
      `1C has two Заявка documents with ИдЭлементаБитрикс24 = ${itemId} (${rows.map((r) => r.ref).join(', ')}): ` +
        'delete the duplicate in 1C',
      { httpStatus: undefined, code: undefined, retryable: false },
    );
  }
  return rows[0];
}

export async function getRequest(c: OneCClient, ref: string): Promise<OneCRequest | undefined> {
  return c.get(REQUESTS, ref, requestRow);
}

export interface NewRequest {
  /** When the request was made; stored as naive local time of the base. */
  date: Date;
  counterpartyRef?: string;
  description: string;
  type?: RequestType;
  statusRef: string;
  responsible: string;
  bitrixItemId: number | string;
}

/** Creates the document unposted (post it with `postRequest`). Serialise calls per item id. */
export async function createRequest(c: OneCClient, request: NewRequest): Promise<OneCRequest> {
  const body = {
    Date: toOneCDateTime(request.date.getTime(), c.timeZone),
    Контрагент_Key: request.counterpartyRef ? normalizeGuid(request.counterpartyRef) : EMPTY_REF,
    Описание: request.description,
    ТипЗаявки: request.type ?? '',
    Статус_Key: normalizeGuid(request.statusRef),
    Ответственный: request.responsible,
    ИдЭлементаБитрикс24: String(request.bitrixItemId),
  };
  return c.create(REQUESTS, body, requestRow);
}

/**
 * Clears `ИдЭлементаБитрикс24`: the Bitrix24 item the document was made for no longer exists (its id now
 * names another item), so neither our lookup nor the 1C extension may tie the document to that id again.
 */
export async function unlinkRequest(c: OneCClient, ref: string): Promise<void> {
  const current = await getRequest(c, ref);
  if (!current || current.bitrixItemId === '') return;
  await patchIfUnchanged(c, REQUESTS, ref, { ИдЭлементаБитрикс24: '' }, current.dataVersion, requestRow);
}

export async function postRequest(c: OneCClient, ref: string): Promise<void> {
  await c.post(REQUESTS, ref);
}

export async function unpostRequest(c: OneCClient, ref: string): Promise<void> {
  await c.unpost(REQUESTS, ref);
}

/** Changes the status if the document is still at `dataVersion`; else `OneCPreconditionFailed`. */
export async function setRequestStatus(
  c: OneCClient,
  ref: string,
  statusRef: string,
  dataVersion: string,
): Promise<OneCRequest> {
  const body = { Статус_Key: normalizeGuid(statusRef) };
  return patchIfUnchanged(c, REQUESTS, ref, body, dataVersion, requestRow);
}

const versionRow = z
  .object({
    Ref_Key: z.string(),
    DataVersion: z.string(),
    Статус_Key: z.string(),
    ИдЭлементаБитрикс24: z.string(),
  })
  .transform((r) => ({
    ref: r.Ref_Key,
    dataVersion: r.DataVersion,
    statusRef: r.Статус_Key,
    bitrixItemId: r.ИдЭлементаБитрикс24,
  }));
export type RequestVersion = z.infer<typeof versionRow>;

/** One page of the reconciliation poll: non-deleted documents dated from `since`, stable order. */
export async function listRequestVersions(
  c: OneCClient,
  since: Date,
  page: { top: number; skip: number },
): Promise<RequestVersion[]> {
  const filter = and(eq('DeletionMark', odataBoolean(false)), ge('Date', odataDateTime(since, c.timeZone)));
  const select = ['Ref_Key', 'DataVersion', 'Статус_Key', 'ИдЭлементаБитрикс24'];
  return c.list(REQUESTS, { filter, select, orderby: 'Date asc,Number asc', ...page }, versionRow);
}

/** Sets the deletion mark if the document is still at `dataVersion` (1C unposts it, reference §5.3). */
export async function markRequestForDeletion(
  c: OneCClient,
  ref: string,
  dataVersion: string,
): Promise<OneCRequest> {
  return patchIfUnchanged(c, REQUESTS, ref, { DeletionMark: true }, dataVersion, requestRow);
}

/** Links the document to its Bitrix24 item if it is still at `dataVersion`; else `OneCPreconditionFailed`. */
export async function setRequestItemId(
  c: OneCClient,
  ref: string,
  itemId: number,
  dataVersion: string,
): Promise<OneCRequest> {
  return patchIfUnchanged(c, REQUESTS, ref, { ИдЭлементаБитрикс24: String(itemId) }, dataVersion, requestRow);
}

const unlinkedRow = z
  .object({ Ref_Key: z.string(), Date: z.string() })
  .transform((r) => ({ ref: r.Ref_Key, date: r.Date }));

/**
 * Posted, non-deleted documents not linked to Bitrix24 (empty `ИдЭлементаБитрикс24`) dated from `since`:
 * requests born in 1C that the extension did not report (not installed, or the notification was lost).
 */
export async function listUnlinkedRequests(
  c: OneCClient,
  since: Date,
  page: { top: number; skip: number },
): Promise<Array<{ ref: string; date: string }>> {
  const filter = and(
    eq('DeletionMark', odataBoolean(false)),
    eq('Posted', odataBoolean(true)),
    eq('ИдЭлементаБитрикс24', odataString('')),
    ge('Date', odataDateTime(since, c.timeZone)),
  );
  return c.list(
    REQUESTS,
    { filter, select: ['Ref_Key', 'Date'], orderby: 'Date asc,Number asc', ...page },
    unlinkedRow,
  );
}
