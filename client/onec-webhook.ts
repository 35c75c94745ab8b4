/**
 * Notifications of the 1C extension (contract: docs/sandboxes.md). A status change of a linked document goes
 * to the item's request workflow; anything about a document not linked to Bitrix24 (posted, or a status
 * change of a draft) goes to that document's 1C-born workflow, which creates the item once it is posted.
 */
import { ONEC_HEADERS, parseOneCNotification } from '../domain/onec-notification';
import { parseCounterpartyNotification } from '../domain/onec-counterparty-notification';
import type { CounterpartySignals } from './counterparty-dispatcher';
import { handleCounterpartyChanged } from './onec-counterparty-webhook';
import { checkOneCSignature } from '../domain/onec-signature';
import type { WebhookAnswer } from './bitrix-webhook';
import { describeIssues } from './http-io';
import type { InteractionSignals } from './interaction-dispatcher';
import { handleInteractionRecorded } from './onec-interaction-webhook';
import type { RequestSignals } from './request-dispatcher';

export async function handleOneCNotification(
  body: Buffer,
  headers: Record<string, string | string[] | undefined>,
  secret: string,
  dispatcher: RequestSignals,
  /** Config `onecRequests.enabled`: documents registered in 1C become Bitrix24 items. */
  bornInOneC = true,
  /** Rows people add to 1C's history → the item's timeline; absent when switched off. */
  interactions?: InteractionSignals,
  /** Client entity workflows; absent → counterparty notifications are acknowledged and ignored. */
  counterparties?: CounterpartySignals,
): Promise<WebhookAnswer> {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  };
  const check = checkOneCSignature({
    secret,
    timestamp: header(ONEC_HEADERS.timestamp),
    body,
    signature: header(ONEC_HEADERS.signature),
    now: Date.now(),
  });
  if (!check.ok) return { status: 401, body: { error: `signature rejected: ${check.reason}` } };

  const counterparty = parseCounterpartyNotification(body.toString('utf8'));
  if (counterparty) return handleCounterpartyChanged(counterparty, counterparties);
  const parsed = parseOneCNotification(body.toString('utf8'));
  if (!parsed.success) {
    return {
      status: 400,
      body: { error: 'malformed 1C notification', problems: describeIssues(parsed.error) },
    };
  }
  const note = parsed.data;
  if (note.event === 'interaction.recorded') return handleInteractionRecorded(note, interactions);
  const link = note.zayavka.ИдЭлементаБитрикс24.trim();
  const itemId = Number(link);
  const linked = link !== '' && Number.isSafeInteger(itemId) && itemId > 0;
  if (!linked) {
    if (!bornInOneC) {
      return { status: 202, body: { ignored: `document ${note.zayavka.Number} is not linked to Bitrix24` } };
    }
    const workflowId = await dispatcher.onecDocumentPosted(note.zayavka.Ref_Key, { eventId: note.eventId });
    return { status: 200, body: { accepted: note.eventId, workflowId } };
  }
  if (note.event === 'zayavka.posted') {
    // Already linked (created from Bitrix24, or linked by us): its statuses travel as status_changed.
    return {
      status: 202,
      body: { ignored: `document ${note.zayavka.Number} is already linked to item ${link}` },
    };
  }
  const status = note.status.PredefinedDataName || note.status.Description;
  const workflowId = await dispatcher.onecStatusChanged(itemId, {
    eventId: note.eventId,
    status,
    occurredAt: note.occurredAtUtc,
    initiator: note.initiator,
  });
  return { status: 200, body: { accepted: note.eventId, workflowId } };
}
