/** Appends a step to the 1C register «ИсторияВзаимодействий»; a replay of the same step is a no-op. */
import { historyMessage, historyRecord } from '../domain/history';
import { toOneCDateTime } from '../domain/onec-time';
import type { HistoryEntry } from './contract';
import type { ActivityDeps } from './deps';
import { writeHistory } from './onec/history';

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
