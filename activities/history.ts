/**
 * The 1C register «ИсторияВзаимодействий»: appending a step (a replay of the same step is a no-op) and
 * moving a request's early rows under its document once it exists.
 */
import { attachedRecord, historyEventPrefix, historyMessage, historyRecord } from '../domain/history';
import { toOneCDateTime } from '../domain/onec-time';
import type { HistoryEntry } from './contract';
import type { ActivityDeps } from './deps';
import { deleteHistory, listUnattachedHistory, writeHistory } from './onec/history';

export function createRecordHistory({ onec }: ActivityDeps) {
  return async function recordHistory(entry: HistoryEntry): Promise<void> {
    const record = historyRecord({
      entityTypeId: entry.entityTypeId,
      itemId: entry.itemId,
      step: entry.event.step,
      requestRef: entry.requestRef,
      counterpartyRef: entry.counterpartyRef,
      ...(entry.discriminator ? { eventId: entry.discriminator } : {}),
      ...(entry.onecDocumentRef ? { onecDocumentRef: entry.onecDocumentRef } : {}),
      message: historyMessage(entry.event),
      period: toOneCDateTime(entry.at, onec.timeZone),
    });
    await writeHistory(onec, record);
  };
}

/**
 * Moves the rows written before the 1C document existed (received, validated, counterparty found…) under
 * the document: each is written again with the document's key, then the keyless one is removed. Both steps
 * are idempotent (an existing key is 'exists', a missing one 'missing'), so a retry after a crash between
 * them finishes the job.
 */
export function createAttachEarlierHistory({ onec }: ActivityDeps) {
  return async function attachEarlierHistory(input: {
    entityTypeId: number;
    itemId: number;
    requestRef: string;
    counterpartyRef: string | null;
  }): Promise<number> {
    const rows = await listUnattachedHistory(onec, historyEventPrefix(input.entityTypeId, input.itemId));
    for (const row of rows) {
      await writeHistory(onec, attachedRecord(row, input.requestRef, input.counterpartyRef));
      await deleteHistory(onec, row);
    }
    return rows.length;
  };
}
