/**
 * `counterparty.changed` from the 1C extension: a counterparty linked to a Bitrix24 client goes to that
 * client's entity workflow; an unlinked one is acknowledged (202) and left alone — linking is done by
 * requests and the back-fill, not by every save in 1C.
 */
import type { z } from 'zod';
import { parseBitrixClientKey } from '../domain/onec-request';
import type { OneCCounterpartyChanged } from '../domain/onec-counterparty-notification';
import type { WebhookAnswer } from './bitrix-webhook';
import type { CounterpartySignals } from './counterparty-dispatcher';
import { describeIssues } from './http-io';

export async function handleCounterpartyChanged(
  parsed: z.SafeParseReturnType<unknown, OneCCounterpartyChanged>,
  counterparties: CounterpartySignals | undefined,
): Promise<WebhookAnswer> {
  if (!parsed.success) {
    return {
      status: 400,
      body: { error: 'malformed 1C notification', problems: describeIssues(parsed.error) },
    };
  }
  const note = parsed.data;
  if (!counterparties) return { status: 202, body: { ignored: 'counterparty synchronisation is off' } };
  // Our own write (data-load mode): its workflow already knows; starting one for it would only idle.
  if (note.initiator === 'integration') {
    return { status: 202, body: { ignored: `counterparty ${note.kontragent.Ref_Key}: our own write` } };
  }
  const client = parseBitrixClientKey(note.kontragent.ИдКомпанииБитрикс24);
  if (!client) {
    return {
      status: 202,
      body: { ignored: `counterparty ${note.kontragent.Ref_Key} is not linked to Bitrix24` },
    };
  }
  const workflowId = await counterparties.onecCounterpartyChanged(client, {
    eventId: note.eventId,
    dataVersion: note.kontragent.DataVersion,
    initiator: note.initiator,
  });
  return { status: 200, body: { accepted: note.eventId, workflowId } };
}
