/**
 * Builds the notifications (§8.3) the extension sends after a write of `Document_Заявка`, from the rows as
 * they are after the write: `zayavka.status_changed` when the status changed, `zayavka.posted` when a posted
 * document not linked to Bitrix24 was written (a request born in 1C).
 */
import { toOneCDateTime } from '../../../domain/onec-time';
import { EMPTY_GUID } from '../model';
import type { Row } from '../values';

export interface StatusInfo {
  Ref_Key: string;
  PredefinedDataName: string;
  Description: string;
  КодСтадииБитрикс24: string;
}

export interface StatusChangedEvent {
  event: 'zayavka.status_changed';
  eventId: string;
  occurredAt: string;
  occurredAtUtc: string;
  infobase: string;
  initiator: 'user' | 'integration';
  zayavka: {
    Ref_Key: string;
    Number: string;
    Date: string;
    DataVersion: string;
    ИдЭлементаБитрикс24: string;
  };
  status: StatusInfo | null;
  previousStatus: StatusInfo | null;
}

/** Naive local time of the base (`YYYY-MM-DDThh:mm:ss`) in the given IANA zone. */
export function localDateTime(at: Date, timeZone: string): string {
  return toOneCDateTime(at.getTime(), timeZone);
}

export function statusInfo(ref: string, row: Row | undefined): StatusInfo | null {
  if (ref === EMPTY_GUID) return null;
  return {
    Ref_Key: ref,
    PredefinedDataName: String(row?.PredefinedDataName ?? ''),
    Description: String(row?.Description ?? ''),
    КодСтадииБитрикс24: String(row?.КодСтадииБитрикс24 ?? ''),
  };
}

export function buildStatusChangedEvent(input: {
  eventId: string;
  at: Date;
  timeZone: string;
  infobase: string;
  initiator: 'user' | 'integration';
  document: Row;
  status: StatusInfo | null;
  previousStatus: StatusInfo | null;
}): StatusChangedEvent {
  const d = input.document;
  return {
    event: 'zayavka.status_changed',
    eventId: input.eventId,
    occurredAt: localDateTime(input.at, input.timeZone),
    occurredAtUtc: input.at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    infobase: input.infobase,
    initiator: input.initiator,
    zayavka: {
      Ref_Key: String(d.Ref_Key),
      Number: String(d.Number),
      Date: String(d.Date),
      DataVersion: String(d.DataVersion),
      ИдЭлементаБитрикс24: String(d.ИдЭлементаБитрикс24 ?? ''),
    },
    status: input.status,
    previousStatus: input.previousStatus,
  };
}

export interface PostedEvent extends Omit<StatusChangedEvent, 'event' | 'previousStatus'> {
  event: 'zayavka.posted';
}

export function buildPostedEvent(input: {
  eventId: string;
  at: Date;
  timeZone: string;
  infobase: string;
  initiator: 'user' | 'integration';
  document: Row;
  status: StatusInfo | null;
}): PostedEvent {
  const { previousStatus: _previous, ...common } = buildStatusChangedEvent({
    ...input,
    previousStatus: null,
  });
  return { ...common, event: 'zayavka.posted' };
}

export interface InteractionRecordedEvent extends Omit<
  StatusChangedEvent,
  'event' | 'status' | 'previousStatus'
> {
  event: 'interaction.recorded';
  record: Record<string, unknown>;
}

/** Resources and key of the register row as the extension reads them (every property of the row). */
const HISTORY_FIELDS = [
  'Period',
  'Заявка_Key',
  'Контрагент_Key',
  'ИдСобытия',
  'ТипВзаимодействия',
  'Направление',
  'Статус',
  'Сообщение',
  'Ответственный',
];

export function buildInteractionRecordedEvent(input: {
  eventId: string;
  at: Date;
  timeZone: string;
  infobase: string;
  document: Row;
  row: Row;
}): InteractionRecordedEvent {
  const {
    status: _status,
    previousStatus: _previous,
    ...common
  } = buildStatusChangedEvent({
    ...input,
    initiator: 'user',
    status: null,
    previousStatus: null,
  });
  const record = Object.fromEntries(HISTORY_FIELDS.map((name) => [name, input.row[name] ?? '']));
  return { ...common, event: 'interaction.recorded', record };
}
