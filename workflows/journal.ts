/**
 * Writes workflow steps to the 1C register «ИсторияВзаимодействий» (texts and keys come from
 * domain/history). The key of each entry is derived from the step, so a replayed or retried write is
 * recognised by 1C instead of duplicated.
 * Rows are independent of each other — each carries the instant of its step, by which the register is
 * ordered — so a write does not hold up the business step after it: `await journal(...)` only starts it,
 * and `settled()` waits for every write started so far (before the run ends or continues as new). Runs
 * started before this (governed.ts) still wait for each row.
 */
import type { HistoryEvent } from '../domain/history';
import type { RequestState } from './request-state';
import { activities } from './activities';
import { governed } from './governed';
import { publishState } from './publish-state';

export interface Journal {
  (event: HistoryEvent, discriminator?: string): Promise<void>;
  /** Resolves when every row written so far is in 1C; rejects with the first write that failed for good. */
  settled(): Promise<void>;
}

export function createJournal(state: RequestState, entityTypeId: number): Journal {
  let pending: Array<Promise<void>> = [];
  const failures: unknown[] = [];
  const journal = async (event: HistoryEvent, discriminator?: string): Promise<void> => {
    // Every step may have changed the title, client, document or status the UI describes.
    publishState(state);
    const write = activities.recordHistory({
      entityTypeId,
      itemId: state.itemId,
      event,
      ...(discriminator ? { discriminator } : {}),
      at: new Date().toISOString(),
      requestRef: state.document?.ref ?? null,
      counterpartyRef: state.counterparty?.ref ?? null,
    });
    if (!governed()) return write;
    // Caught at once: a failure is reported by settled(), never as an unhandled rejection.
    pending.push(write.catch((err: unknown) => void failures.push(err)));
  };
  journal.settled = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      await Promise.all(batch);
    }
    if (failures.length > 0) throw failures[0];
  };
  return journal;
}
