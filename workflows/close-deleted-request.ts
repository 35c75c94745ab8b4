/**
 * The end of a request whose Bitrix24 item was deleted after its 1C document existed: the document is
 * closed as configured (status «Отменена» or the deletion mark), a history row says why, and the workflow
 * completes instead of waiting for an item that will never change again.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import { activities } from './activities';
import type { Journal } from './journal';
import type { RequestSettings } from './request-settings';
import type { RequestState } from './request-state';
import { REQUEST_STATUS } from './search-attributes';

const CANCELLED = 'Отменена';

export async function closeDeletedRequest(
  state: RequestState,
  settings: RequestSettings,
  journal: Journal,
): Promise<void> {
  if (!state.document) return;
  const policy = settings.onItemDeleted ?? 'cancel';
  const action = await activities.closeDocumentOfDeletedItem({ documentRef: state.document.ref, policy });
  if (policy === 'cancel' && state.sync) {
    state.sync = { ...state.sync, status: CANCELLED };
    upsertSearchAttributes([{ key: REQUEST_STATUS, value: CANCELLED }]);
  }
  await journal({ step: 'item-deleted', number: state.document.number, action });
  state.phase = 'deleted';
}
