/**
 * An item that already carries a 1C document reference (created from 1C by onec-request-workflow.ts, or a
 * later run for an item we linked before) is adopted: its document is linked (when the 1C-born workflow has
 * not written the item id yet) and the request goes straight to status mirroring, with 1C leading. This is
 * what keeps an item created from 1C from ever starting a second document, whatever the order in which its
 * Bitrix24 events and the write-back happen.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { BitrixStage, RequestDocument } from '../activities/contract';
import type { RequestSnapshot } from '../domain/request';
import { activities, onecBornActivities } from './activities';
import type { Journal } from './journal';
import type { RequestState } from './request-state';
import { ONEC_NUMBER, REQUEST_STATUS } from './search-attributes';

/**
 * The adopted document, the item's stage and when the document's status was asked for; null when the item
 * has no reference or its document is gone.
 */
export async function adoptOneCDocument(
  state: RequestState,
  journal: Journal,
  /** Receives the item as read here, so validation need not read it again. */
  read: { request?: RequestSnapshot | null } = {},
): Promise<{ document: RequestDocument; stage: BitrixStage; readStartedMs: number } | null> {
  const request = await activities.loadRequest(state.itemId);
  read.request = request;
  if (!request?.onecRef) return null;
  const readStartedMs = Date.now();
  const linked = await onecBornActivities.linkDocumentToItem({
    documentRef: request.onecRef,
    itemId: state.itemId,
  });
  if (!linked) return null;
  state.title = request.title;
  state.document = { ref: linked.ref, number: linked.number };
  if (linked.counterpartyRef) state.counterparty = { ref: linked.counterpartyRef, inn: '', created: false };
  upsertSearchAttributes([
    { key: ONEC_NUMBER, value: linked.number },
    { key: REQUEST_STATUS, value: linked.status },
  ]);
  await journal({ step: 'adopted', number: linked.number });
  return {
    document: linked,
    stage: { stageId: request.stageId, updatedTime: request.updatedTime },
    readStartedMs,
  };
}
