/**
 * Company and contact events of Bitrix24 (`ONCRMCOMPANYADD/UPDATE`, `ONCRMCONTACTADD/UPDATE`). Like item
 * events they carry the id only (`data[FIELDS][ID]`); the client's entity workflow re-reads the client.
 * Deletions are not subscribed to: a deleted client has nothing left to keep in step.
 */
import type { BitrixEvent } from './bitrix-event';
import type { BitrixClientRef } from './onec-request';

export const CLIENT_EVENTS = {
  ONCRMCOMPANYADD: { kind: 'company', event: 'add' },
  ONCRMCOMPANYUPDATE: { kind: 'company', event: 'update' },
  ONCRMCONTACTADD: { kind: 'contact', event: 'add' },
  ONCRMCONTACTUPDATE: { kind: 'contact', event: 'update' },
} as const;
export type ClientEventName = keyof typeof CLIENT_EVENTS;
export const CLIENT_EVENT_NAMES = Object.keys(CLIENT_EVENTS) as ClientEventName[];

/** The client an event is about, or null when it is not a company/contact event we handle. */
export function clientEventOf(
  event: BitrixEvent,
): { client: BitrixClientRef; event: 'add' | 'update'; ts: number } | null {
  if (!Object.hasOwn(CLIENT_EVENTS, event.event)) return null;
  const known = CLIENT_EVENTS[event.event as ClientEventName];
  return { client: { kind: known.kind, id: event.data.FIELDS.ID }, event: known.event, ts: event.ts };
}
