/**
 * `counterparty.changed`: what the extension sends after a write of «Контрагенты» (ids and DataVersion
 * only, domain/onec-counterparty-notification.ts). Same envelope as the `zayavka.*` notifications.
 */
import type { Row } from '../values';
import { localDateTime } from './event';

export interface CounterpartyChangedEvent {
  event: 'counterparty.changed';
  eventId: string;
  occurredAt: string;
  occurredAtUtc: string;
  infobase: string;
  initiator: 'user' | 'integration';
  kontragent: { Ref_Key: string; DataVersion: string; ИдКомпанииБитрикс24: string };
}

export function buildCounterpartyChangedEvent(input: {
  eventId: string;
  at: Date;
  timeZone: string;
  infobase: string;
  initiator: 'user' | 'integration';
  counterparty: Row;
}): CounterpartyChangedEvent {
  const c = input.counterparty;
  return {
    event: 'counterparty.changed',
    eventId: input.eventId,
    occurredAt: localDateTime(input.at, input.timeZone),
    occurredAtUtc: input.at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    infobase: input.infobase,
    initiator: input.initiator,
    kontragent: {
      Ref_Key: String(c.Ref_Key),
      DataVersion: String(c.DataVersion),
      ИдКомпанииБитрикс24: String(c.ИдКомпанииБитрикс24 ?? ''),
    },
  };
}
