/**
 * Rows of «ИсторияВзаимодействий» for counterparty synchronisation: one row per sync and direction, keyed
 * by the counterparty (no request — `Заявка_Key` stays empty), so a 1C user opening the counterparty sees
 * what came from Bitrix24 and what was sent there. `ИдСобытия` is `cp:<Ref_Key>:<direction>:<sync id>`:
 * a retried write of the same sync hits the existing key instead of adding a row.
 */
import type { FieldChange, SyncField } from './counterparty-sync';
import { boundedEventId, EMPTY_REF, type HistoryRecord } from './history';
import { isOneCDateTime } from './onec-time';

export type CounterpartySyncDirection = 'to-onec' | 'to-bitrix';

const FIELD_NAMES: Record<SyncField, string> = {
  name: 'наименование',
  phone: 'телефон',
  email: 'e-mail',
  clientType: 'тип контрагента',
  inn: 'ИНН',
  kpp: 'КПП',
  legalAddress: 'юридический адрес',
};

export function counterpartySyncMessage(
  direction: CounterpartySyncDirection,
  client: string,
  changes: readonly FieldChange[],
): string {
  const list = changes.map((c) => `${FIELD_NAMES[c.field]}: «${c.from}» → «${c.to}»`).join('; ');
  return direction === 'to-onec'
    ? `Контрагент обновлён по данным клиента Битрикс24 ${client}: ${list}`
    : `Клиент Битрикс24 ${client} обновлён по данным контрагента: ${list}`;
}

export function counterpartyHistoryEventId(
  counterpartyRef: string,
  direction: CounterpartySyncDirection,
  syncId: string,
): string {
  return boundedEventId([`cp:${counterpartyRef}:${direction}`, syncId]);
}

export function counterpartyHistoryRecord(input: {
  counterpartyRef: string;
  direction: CounterpartySyncDirection;
  syncId: string;
  /** Human-readable Bitrix24 client: `компания 42`, `контакт 7`. */
  client: string;
  changes: readonly FieldChange[];
  /** Naive 1C date-time of the base. */
  period: string;
}): HistoryRecord {
  if (!isOneCDateTime(input.period))
    throw new RangeError(`period must be a naive 1C date-time: ${input.period}`);
  if (input.counterpartyRef === EMPTY_REF) throw new RangeError('a counterparty row needs the counterparty');
  return {
    Period: input.period,
    Заявка_Key: EMPTY_REF,
    Контрагент_Key: input.counterpartyRef,
    ИдСобытия: counterpartyHistoryEventId(input.counterpartyRef, input.direction, input.syncId),
    ТипВзаимодействия: 'ОбменДанными',
    Направление: input.direction === 'to-onec' ? 'Входящее' : 'Исходящее',
    Статус: 'Успешно',
    Сообщение: counterpartySyncMessage(input.direction, input.client, input.changes),
  };
}
