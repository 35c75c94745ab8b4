/** Reading and mirroring the request's status on both sides. */
import { commandResult } from './bitrix24/batch-result';
import { getItem, itemUpdateCommand } from './bitrix24/crm';
import { batchWithCommentOnce } from './bitrix24/idempotent-writes';
import { isBitrix24NotFound } from './bitrix24/errors';
import { itemResultSchema } from './bitrix24/schemas';
import type { ActivityDeps } from './deps';
import { OneCDocumentGone, OneCPreconditionFailed } from './onec/errors';
import { getRequest, setRequestStatus, type OneCRequest } from './onec/requests';
import { firstAttempt, stepMarker } from './step-marker';

/** Someone else writing the same document between our read and our write: re-read and try again. */
const PRECONDITION_ATTEMPTS = 3;

/** A document that is gone or marked for deletion is not the request's document any more. */
function live(ref: string, document: OneCRequest | undefined): OneCRequest {
  if (!document) throw new OneCDocumentGone(ref, 'deleted');
  if (document.deletionMark) throw new OneCDocumentGone(ref, 'marked');
  return document;
}

export function createStatusActivities({ bitrix, onec, entityTypeId, statuses }: ActivityDeps) {
  async function readBitrixStage(
    itemId: number,
  ): Promise<{ stageId: string; updatedTime: string; createdTime: string } | null> {
    try {
      const item = await getItem(bitrix.inTurn(itemId), entityTypeId, itemId);
      return { stageId: item.stageId ?? '', updatedTime: item.updatedTime, createdTime: item.createdTime };
    } catch (err) {
      if (isBitrix24NotFound(err)) return null;
      throw err;
    }
  }

  async function readOneCStatus(documentRef: string): Promise<string> {
    const document = live(documentRef, await getRequest(onec, documentRef));
    return statuses.nameByRef(document.statusRef);
  }

  async function mirrorStatusToOneC(input: { documentRef: string; status: string }): Promise<void> {
    const statusRef = await statuses.refByName(input.status);
    for (let attempt = 1; ; attempt++) {
      const document = live(input.documentRef, await getRequest(onec, input.documentRef));
      if (document.statusRef === statusRef) return;
      try {
        await setRequestStatus(onec, input.documentRef, statusRef, document.dataVersion);
        return;
      } catch (err) {
        if (!(err instanceof OneCPreconditionFailed) || attempt >= PRECONDITION_ATTEMPTS) throw err;
      }
    }
  }

  /** The new stage and a timeline comment saying why: one `batch` (the comment only if the stage was written). */
  async function mirrorStageToBitrix(input: {
    itemId: number;
    stageId: string;
    comment: string;
  }): Promise<{ updatedTime: string; assignedById?: number }> {
    // One batch: the stage and its comment (marked; a retry adds it only if its first attempt did not).
    // Setting a stage that is already set is harmless, so a retry whose update landed just writes it again.
    const outcome = await batchWithCommentOnce(
      bitrix.inTurn(input.itemId),
      { stage: itemUpdateCommand(entityTypeId, input.itemId, { stageId: input.stageId }) },
      { entityType: `dynamic_${entityTypeId}`, entityId: input.itemId, comment: input.comment },
      stepMarker('comment'),
      firstAttempt(),
    );
    const { item } = commandResult(outcome, 'stage', 'crm.item.update', itemResultSchema);
    return {
      updatedTime: item.updatedTime,
      ...(item.assignedById ? { assignedById: item.assignedById } : {}),
    };
  }

  return { readBitrixStage, readOneCStatus, mirrorStatusToOneC, mirrorStageToBitrix };
}
