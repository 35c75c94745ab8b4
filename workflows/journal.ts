/**
 * Writes workflow steps to the 1C register «ИсторияВзаимодействий» (texts and keys come from
 * domain/history). The key of each entry is derived from the step, so a replayed or retried write is
 * recognised by 1C instead of duplicated.
 */
import type { HistoryEvent } from '../domain/history';
import type { RequestState } from './request-state';
import { activities } from './activities';
import { publishState } from './publish-state';

export type Journal = (event: HistoryEvent, discriminator?: string) => Promise<void>;

export function createJournal(state: RequestState, entityTypeId: number): Journal {
  return async (event, discriminator) => {
    // Every step may have changed the title, client, document or status the UI describes.
    publishState(state);
    await activities.recordHistory({
      entityTypeId,
      itemId: state.itemId,
      event,
      ...(discriminator ? { discriminator } : {}),
      at: new Date().toISOString(),
      requestRef: state.document?.ref ?? null,
      counterpartyRef: state.counterparty?.ref ?? null,
    });
  };
}
