/** Reading and mirroring the request's status on both sides. */
import { addTimelineComment, getItem, updateItem } from './bitrix24/crm';
import { isBitrix24NotFound } from './bitrix24/errors';
import type { ActivityDeps } from './deps';
import { OneCPreconditionFailed } from './onec/errors';
import { getRequest, setRequestStatus } from './onec/requests';

/** Someone else writing the same document between our read and our write: re-read and try again. */
const PRECONDITION_ATTEMPTS = 3;

export function createStatusActivities({ bitrix, onec, entityTypeId, statuses }: ActivityDeps) {
  async function readBitrixStage(itemId: number): Promise<{ stageId: string; updatedTime: string } | null> {
    try {
      const item = await getItem(bitrix, entityTypeId, itemId);
      return { stageId: item.stageId ?? '', updatedTime: item.updatedTime };
    } catch (err) {
      if (isBitrix24NotFound(err)) return null;
      throw err;
    }
  }

  async function readOneCStatus(documentRef: string): Promise<string> {
    const document = await getRequest(onec, documentRef);
    if (!document) throw new Error(`1C document ${documentRef} no longer exists`);
    return statuses.nameByRef(document.statusRef);
  }

  async function mirrorStatusToOneC(input: { documentRef: string; status: string }): Promise<void> {
    const statusRef = await statuses.refByName(input.status);
    for (let attempt = 1; ; attempt++) {
      const document = await getRequest(onec, input.documentRef);
      if (!document) throw new Error(`1C document ${input.documentRef} no longer exists`);
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
    if (item.stageId === input.stageId) return { updatedTime: item.updatedTime, ...assigned };
    const updated = await updateItem(bitrix, entityTypeId, input.itemId, { stageId: input.stageId });
    await addTimelineComment(bitrix, {
      entityType: `dynamic_${entityTypeId}`,
      entityId: input.itemId,
      comment: input.comment,
    });
    return { updatedTime: updated.updatedTime, ...assigned };
  }

  return { readBitrixStage, readOneCStatus, mirrorStatusToOneC, mirrorStageToBitrix };
}
