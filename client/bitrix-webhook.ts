/**
 * Bitrix24 outbound events (form-encoded, ids only). Authenticity is the application token Bitrix24 puts
 * in `auth[application_token]`, compared in constant time with the one saved at installation.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { parseBitrixEventForm } from '../domain/bitrix-event';
import { activityEventKind } from '../domain/interaction';
import { clientEventOf } from '../domain/bitrix-client-event';
import type { CounterpartySignals } from './counterparty-dispatcher';
import { describeIssues } from './http-io';
import type { InteractionSignals } from './interaction-dispatcher';
import { dispatchItemEvent } from './item-events';
import type { RequestSignals } from './request-dispatcher';

export type WebhookAnswer = {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
};

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
  /** Calls, e-mails and meetings → 1C's history; absent when switched off (`interactions.fromBitrix24`). */
  interactions?: InteractionSignals,
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
  const activity = activityEventKind(event.event);
  if (activity) {
    if (!interactions)
      return { status: 200, body: { ignored: `${event.event}: interactions are switched off` } };
    const workflowId = await interactions.bitrixActivityChanged(event.data.FIELDS.ID, {
      event: activity,
      ts: event.ts,
    });
    return { status: 200, body: { accepted: event.event, workflowId } };
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
  const outcome = await dispatchItemEvent(dispatcher, entityTypeId, {
    event: event.event,
    itemId: event.data.FIELDS.ID,
    ...(event.data.FIELDS.ENTITY_TYPE_ID !== undefined
      ? { entityTypeId: event.data.FIELDS.ENTITY_TYPE_ID }
      : {}),
    ts: event.ts,
    ...(event.event_handler_id === undefined ? {} : { handler: event.event_handler_id }),
  });
  return { status: 200, body: outcome };
}
