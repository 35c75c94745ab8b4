/**
 * Interaction history («InformationRegister_ИсторияВзаимодействий»). The event id is part of the record
 * key, so replaying the same write hits code 15 and comes back as 'exists': history is idempotent.
 */
import { z } from 'zod';
import { EMPTY_REF, EVENT_ID_LENGTH, type HistoryRecord } from '../../domain/history';
import { isOneCDateTime, toOneCDateTime } from '../../domain/onec-time';
import type { HistoryStatus, InteractionDirection, InteractionType } from '../../domain/request';
import type { OneCClient } from './client';
import {
  and,
  endsWith,
  eq,
  ge,
  normalizeGuid,
  odataGuid,
  odataNaiveDateTime,
  odataString,
  startsWith,
} from './literals';

export const HISTORY = 'InformationRegister_ИсторияВзаимодействий';

/** A history entry in our terms; `period` is an instant, written as naive local time of the base. */
export interface HistoryEntryInput {
  period: Date;
  requestRef?: string;
  counterpartyRef?: string;
  /** Stable id of the source event, e.g. `b24:onCrmDynamicItemAdd:1038:187` (at most 64 characters). */
  eventId: string;
  type: InteractionType;
  direction: InteractionDirection;
  status: HistoryStatus;
  message: string;
}

function toRecord(entry: HistoryEntryInput, timeZone: string): HistoryRecord {
  return {
    Period: toOneCDateTime(entry.period.getTime(), timeZone),
    Заявка_Key: entry.requestRef ?? EMPTY_REF,
    Контрагент_Key: entry.counterpartyRef ?? EMPTY_REF,
    ИдСобытия: entry.eventId,
    ТипВзаимодействия: entry.type,
    Направление: entry.direction,
    Статус: entry.status,
    Сообщение: entry.message,
  };
}

/**
 * Writes one record, given either as the register body built by the domain (`historyRecord()`, period
 * already naive) or as a `HistoryEntryInput` (period converted with the client's time zone).
 */
export async function writeHistory(
  c: OneCClient,
  record: HistoryRecord | HistoryEntryInput,
): Promise<'created' | 'exists'> {
  const body = 'Period' in record ? record : toRecord(record, c.timeZone);
  if (!isOneCDateTime(body.Period))
    throw new RangeError(`history Period is not a naive 1C date: ${body.Period}`);
  // 1C would cut a longer id to the dimension length and make distinct events collide.
  if (body.ИдСобытия.length === 0 || body.ИдСобытия.length > EVENT_ID_LENGTH) {
    throw new RangeError(`history event id must be 1..${EVENT_ID_LENGTH} characters: ${body.ИдСобытия}`);
  }
  return c.createRecord(HISTORY, {
    ...body,
    Заявка_Key: normalizeGuid(body.Заявка_Key),
    Контрагент_Key: normalizeGuid(body.Контрагент_Key),
  });
}

const recordRow = z.object({
  Period: z.string(),
  Заявка_Key: z.string(),
  Контрагент_Key: z.string(),
  ИдСобытия: z.string(),
  ТипВзаимодействия: z.string() as z.ZodType<InteractionType>,
  Направление: z.string() as z.ZodType<InteractionDirection>,
  Статус: z.string() as z.ZodType<HistoryStatus>,
  Сообщение: z.string(),
  /** Bases set up before the attribute existed do not have it. */
  Ответственный: z.string().optional(),
}) satisfies z.ZodType<HistoryRecord>;

/** Rows with no request yet whose event id starts with `prefix` (one request's rows, domain/history). */
export async function listUnattachedHistory(c: OneCClient, prefix: string): Promise<HistoryRecord[]> {
  const filter = and(eq('Заявка_Key', odataGuid(EMPTY_REF)), startsWith('ИдСобытия', odataString(prefix)));
  return c.list(HISTORY, { filter, orderby: 'Period asc', top: 1000 }, recordRow);
}

/** Every row whose event id ends with `suffix` — the rows of one Bitrix24 activity (domain/interaction). */
export async function listHistoryBySuffix(c: OneCClient, suffix: string): Promise<HistoryRecord[]> {
  const filter = endsWith('ИдСобытия', odataString(suffix));
  return c.list(HISTORY, { filter, orderby: 'Period asc', top: 100 }, recordRow);
}

/**
 * Rows dated from `period` on (inclusive: rows added later within the same second are not lost), oldest
 * first, at most `top` — one page of the periodic read of rows added in 1C.
 */
export async function listHistorySince(c: OneCClient, period: string, top: number): Promise<HistoryRecord[]> {
  const filter = ge('Period', odataNaiveDateTime(period));
  return c.list(HISTORY, { filter, orderby: 'Period asc', top }, recordRow);
}

/** Removes one record by its full key (period and the three dimensions); already gone is fine. */
export async function deleteHistory(c: OneCClient, record: HistoryRecord): Promise<void> {
  if (!isOneCDateTime(record.Period))
    throw new RangeError(`history Period is not a naive 1C date: ${record.Period}`);
  // Names and the event id are percent-encoded piece by piece; the key syntax (= , ' ( )) stays literal.
  const name = encodeURIComponent;
  const key = [
    `Period=datetime'${record.Period}'`,
    `${name('Заявка_Key')}=${odataGuid(record.Заявка_Key)}`,
    `${name('Контрагент_Key')}=${odataGuid(record.Контрагент_Key)}`,
    `${name('ИдСобытия')}='${encodeURIComponent(record.ИдСобытия.replaceAll("'", "''"))}'`,
  ].join(',');
  await c.deleteByKey(HISTORY, `(${key})`);
}
