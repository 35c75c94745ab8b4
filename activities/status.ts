/** Reading and mirroring the request's status on both sides. */
import { getItem, updateItem } from './bitrix24/crm';
import { addTimelineCommentOnce } from './bitrix24/idempotent-writes';
import { isBitrix24NotFound } from './bitrix24/errors';
import type { ActivityDeps } from './deps';
import { OneCDocumentGone, OneCPreconditionFailed } from './onec/errors';
import { getRequest, setRequestStatus, type OneCRequest } from './onec/requests';
import { stepMarker } from './step-marker';

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
      const item = await getItem(bitrix, entityTypeId, itemId);
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

  async function mirrorStageToBitrix(input: {
    itemId: number;
    stageId: string;
    comment: string;
  }): Promise<{ updatedTime: string; assignedById?: number }> {
    const item = await getItem(bitrix, entityTypeId, input.itemId);
    const assigned = item.assignedById ? { assignedById: item.assignedById } : {};
    // A retry whose update landed (answer lost) finds the stage already set; the comment may still be due.
    const updatedTime =
      item.stageId === input.stageId
        ? item.updatedTime
        : (await updateItem(bitrix, entityTypeId, input.itemId, { stageId: input.stageId })).updatedTime;
    await addTimelineCommentOnce(
      bitrix,
      { entityType: `dynamic_${entityTypeId}`, entityId: input.itemId, comment: input.comment },
      stepMarker('comment'),
    );
    return { updatedTime, ...assigned };
  }

  return { readBitrixStage, readOneCStatus, mirrorStatusToOneC, mirrorStageToBitrix };
}
