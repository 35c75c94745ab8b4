/** Status notifications of the 1C extension (contract: docs/sandboxes.md, reference §8.3). */
import { ONEC_HEADERS, parseOneCNotification } from '../domain/onec-notification';
import { checkOneCSignature } from '../domain/onec-signature';
import type { WebhookAnswer } from './bitrix-webhook';
import { describeIssues } from './http-io';
import type { RequestSignals } from './request-dispatcher';

export async function handleOneCNotification(
  body: Buffer,
  headers: Record<string, string | string[] | undefined>,
  secret: string,
  dispatcher: RequestSignals,
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

  const parsed = parseOneCNotification(body.toString('utf8'));
  if (!parsed.success) {
    return {
      status: 400,
      body: { error: 'malformed 1C notification', problems: describeIssues(parsed.error) },
    };
  }
  const note = parsed.data;
  const itemId = Number(note.zayavka.ИдЭлементаБитрикс24.trim());
  if (!Number.isSafeInteger(itemId) || itemId <= 0) {
    // A document typed in 1C by hand has no Bitrix24 item: nothing to mirror; 2xx so 1C stops retrying.
    return { status: 202, body: { ignored: `document ${note.zayavka.Number} is not linked to Bitrix24` } };
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
