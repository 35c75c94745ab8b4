/**
 * `interaction.recorded` notifications of the 1C extension: a row a person added to «ИсторияВзаимодействий»
 * goes onto the timeline of its document's Bitrix24 item. Anything else — our own rows, rows of documents not
 * linked to Bitrix24, the feature switched off — is acknowledged (202) and left alone, so 1C does not retry it.
 */
import { isPeoplesRow } from '../domain/interaction';
import type { OneCNotification } from '../domain/onec-notification';
import type { WebhookAnswer } from './bitrix-webhook';
import type { InteractionSignals } from './interaction-dispatcher';

type InteractionNote = Extract<OneCNotification, { event: 'interaction.recorded' }>;

export async function handleInteractionRecorded(
  note: InteractionNote,
  interactions: InteractionSignals | undefined,
): Promise<WebhookAnswer> {
  const ignored = (why: string): WebhookAnswer => ({ status: 202, body: { ignored: why } });
  if (!interactions) return ignored('interactions to Bitrix24 are switched off (interactions.toBitrix24)');
  const { record, zayavka } = note;
  if (note.initiator === 'integration' || !isPeoplesRow(record)) {
    return ignored(`row ${record.ИдСобытия || '(no id)'} was written by the integration`);
  }
  const link = zayavka.ИдЭлементаБитрикс24.trim();
  const itemId = Number(link);
  if (link === '' || !Number.isSafeInteger(itemId) || itemId <= 0) {
    return ignored(`document ${zayavka.Number} is not linked to Bitrix24`);
  }
  const { Ответственный, ...rest } = record;
  const workflowId = await interactions.onecInteractionRecorded({
    itemId,
    documentNumber: zayavka.Number,
    record: Ответственный === undefined ? rest : { ...rest, Ответственный },
  });
  return { status: 200, body: { accepted: note.eventId, workflowId } };
}
