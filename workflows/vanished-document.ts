/**
 * The request's 1C document was deleted or marked for deletion in 1C while the request was open. The
 * status activities fail with type `OneCDocumentGone` (not retryable: retrying cannot bring it back); the
 * workflow writes a history row, tells the responsible manager on the Bitrix24 item, and follows the
 * configured policy: "cancel" closes the request (the item moves to the stage of «Отменена»), "recreate"
 * starts the request over from the Bitrix24 item, which makes a new document.
 */
import { ActivityFailure, ApplicationFailure, upsertSearchAttributes } from '@temporalio/workflow';
import type { RequestSnapshot } from '../domain/request';
import { CANCELLED_STATUS, createStatusMap } from '../domain/status-map';
import {
  DOCUMENT_GONE_FAILURE,
  cancelledStage,
  vanishedDocumentMessage,
  type VanishedHow,
} from '../domain/vanished-document';
import { activities } from './activities';
import type { Journal } from './journal';
import type { RequestSettings } from './request-settings';
import type { RequestState } from './request-state';
import { REQUEST_STATUS } from './search-attributes';

/** How the document vanished, when `err` is an activity failure saying so; else null. */
export function vanishedHow(err: unknown): VanishedHow | null {
  if (!(err instanceof ActivityFailure) || !(err.cause instanceof ApplicationFailure)) return null;
  if (err.cause.type !== DOCUMENT_GONE_FAILURE) return null;
  return err.cause.details?.[0] === 'marked' ? 'marked' : 'deleted';
}

/** Ends the request (policy "cancel") or hands it to a fresh run via `startOver` (policy "recreate"). */
export async function settleVanishedDocument(
  state: RequestState,
  how: VanishedHow,
  settings: RequestSettings,
  journal: Journal,
  startOver: () => Promise<never>,
): Promise<void> {
  const policy = settings.vanishedDocument ?? 'cancel';
  const number = state.document?.number ?? '';
  await journal({ step: 'document-vanished', number, how, policy });
  const request = await activities.loadRequest(state.itemId);
  if (!request) {
    // Gone on both sides: nobody to tell, nothing to close.
    state.phase = 'deleted';
    return;
  }
  await activities.notifyManager({
    itemId: state.itemId,
    userId: request.assignedById,
    message: vanishedDocumentMessage(number, how, policy),
  });
  if (policy === 'recreate') {
    // The old document (marked or gone) is no longer found by item id, so the new run creates another.
    state.document = null;
    state.sync = null;
    await startOver();
    return;
  }
  // Without a stage mapped to «Отменена» the item keeps its stage; the manager has been told either way.
  const stageId = cancelledStage(settings.stages) ?? '';
  if (stageId) {
    await activities.mirrorStageToBitrix({
      itemId: state.itemId,
      stageId,
      comment: `Заявка отменена: документ 1С № ${number} ${how === 'deleted' ? 'удалён' : 'помечен на удаление'}`,
    });
  }
  await journal({ step: 'cancelled', stageId });
  if (state.sync) state.sync = { ...state.sync, status: CANCELLED_STATUS, ...(stageId ? { stageId } : {}) };
  state.phase = 'cancelled';
  upsertSearchAttributes([{ key: REQUEST_STATUS, value: CANCELLED_STATUS }]);
}

/**
 * A run for an item that is already closed in Bitrix24 and has no live 1C document makes none: that is a
 * request closed as cancelled after its document vanished (our own stage write raises an update event
 * that may start a run after the cancelling one ended), not a new request.
 */
export async function closedWithoutDocument(
  request: RequestSnapshot,
  settings: RequestSettings,
): Promise<boolean> {
  const map = createStatusMap(settings.stages, settings.finalStatuses);
  const status = map.statusForStage(request.stageId);
  if (!status || !map.isFinalStatus(status)) return false;
  return (await activities.findRequestDocument(request.itemId)) === null;
}
