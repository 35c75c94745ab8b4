/**
 * One request workflow per Bitrix24 item id (`request-b24-<entityTypeId>-<itemId>`): Bitrix24 events and
 * 1C notifications carry only the id, so the receiver cannot tell items apart without reading Bitrix24 on
 * every event. A portal restored from backup (or a recreated sandbox) hands an id out again, and the
 * workflow is where that shows: every read of the item brings its `createdTime`, and a value other than the
 * one the request started with means a different item. The running request then hands over instead of
 * merging: its 1C document is unlinked from the id (so no lookup or 1C notification ties it to the new item),
 * a history row records it, and the workflow continues as new with a fresh state for the new item — the
 * old request's steps stay in the previous run's history, under the same workflow id.
 */
import { activities } from './activities';
import type { Journal } from './journal';
import type { RequestState } from './request-state';
import { sameItemIncarnation } from '../domain/item-identity';

/** Thrown inside the workflow when a read shows another item under the request's id. */
export class ItemReplaced extends Error {
  constructor(readonly createdTime: string) {
    super(`Bitrix24 item was created again at ${createdTime}`);
    this.name = 'ItemReplaced';
  }
}

/** Remembers the item's creation time on the first read; throws `ItemReplaced` when a later read differs. */
export function checkSameItem(state: RequestState, createdTime: string): void {
  if (!state.createdTime) state.createdTime = createdTime;
  else if (!sameItemIncarnation(state.createdTime, createdTime)) throw new ItemReplaced(createdTime);
}

export async function handOverToNewItem(
  state: RequestState,
  replaced: ItemReplaced,
  journal: Journal,
  startOver: () => Promise<never>,
): Promise<never> {
  if (state.document) await activities.unlinkRequestDocument(state.document.ref);
  await journal({
    step: 'superseded',
    createdTime: state.createdTime ?? '',
    newCreatedTime: replaced.createdTime,
    number: state.document?.number ?? null,
  });
  state.phase = 'superseded';
  return startOver();
}
