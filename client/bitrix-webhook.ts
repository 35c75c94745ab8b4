/**
 * Bitrix24 outbound events (form-encoded, ids only). Authenticity is the application token Bitrix24 puts
 * in `auth[application_token]`, compared in constant time with the one saved at installation.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { clientEventOf } from '../domain/bitrix-client-event';
import { isRequestItemEvent, parseBitrixEventForm } from '../domain/bitrix-event';
import type { CounterpartySignals } from './counterparty-dispatcher';
import { describeIssues } from './http-io';
import type { RequestSignals } from './request-dispatcher';

export type WebhookAnswer = {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
};

const ITEM_EVENT_KIND = {
  ONCRMDYNAMICITEMADD: 'add',
  ONCRMDYNAMICITEMUPDATE: 'update',
  ONCRMDYNAMICITEMDELETE: 'delete',
} as const;

/** Hashing first gives equal-length buffers, so the comparison leaks neither content nor length. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export async function handleBitrixEvent(
  body: string,
  applicationToken: string,
  entityTypeId: number,
  dispatcher: RequestSignals,
  /** Company/contact events go to the client entity workflows; absent → counterparty sync is off. */
  counterparties?: CounterpartySignals,
): Promise<WebhookAnswer> {
  const parsed = parseBitrixEventForm(body);
  if (!parsed.success) {
    return {
      status: 400,
      body: { error: 'malformed Bitrix24 event', problems: describeIssues(parsed.error) },
    };
  }
  const event = parsed.data;
  if (!sameSecret(event.auth.application_token, applicationToken)) {
    return {
      status: 401,
      body: { error: 'auth[application_token] does not match bitrix24.applicationToken' },
    };
  }
  const clientEvent = clientEventOf(event);
  if (clientEvent) {
    if (!counterparties) return { status: 200, body: { ignored: 'counterparty synchronisation is off' } };
    const workflowId = await counterparties.bitrixClientChanged(clientEvent.client, {
      event: clientEvent.event,
      ts: clientEvent.ts,
    });
    return { status: 200, body: { accepted: event.event, workflowId } };
  }
  if (!isRequestItemEvent(event, entityTypeId)) {
    return { status: 200, body: { ignored: `${event.event} is not about smart process ${entityTypeId}` } };
  }
  const workflowId = await dispatcher.bitrixItemChanged(event.data.FIELDS.ID, {
    event: ITEM_EVENT_KIND[event.event],
    ts: event.ts,
  });
  return { status: 200, body: { accepted: event.event, workflowId } };
}
