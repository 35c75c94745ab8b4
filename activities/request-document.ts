/**
 * The 1C document «Заявка» for a Bitrix24 item, created at most once: the document carries the item id
 * (`ИдЭлементаБитрикс24`), and we look for it before creating, so a retry whose first answer was lost —
 * or a second run of the workflow — finds the first document instead of making another.
 */
import type { RequestSnapshot, RequestType } from '../domain/request';
import { commandResult } from './bitrix24/batch-result';
import { itemUpdateCommand } from './bitrix24/crm';
import { isBitrix24NotFound } from './bitrix24/errors';
import { batchWithCommentOnce } from './bitrix24/idempotent-writes';
import { itemResultSchema } from './bitrix24/schemas';
import type { BitrixStage, RequestDocument } from './contract';
import type { ActivityDeps } from './deps';
import { createRequest, findRequestByItemId, getRequest, postRequest, unlinkRequest } from './onec/requests';
import { firstAttempt, stepMarker } from './step-marker';

export interface EnsureDocumentInput {
  request: RequestSnapshot;
  counterpartyRef: string;
  requestType: RequestType;
  initialStatus: string;
}

export function createRequestDocumentActivities({
  bitrix,
  onec,
  entityTypeId,
  fields,
  statuses,
}: ActivityDeps) {
  async function ensureRequestDocument(input: EnsureDocumentInput): Promise<RequestDocument> {
    const { request } = input;
    const found = await findRequestByItemId(onec, request.itemId);
    let created = false;
    let ref = found?.ref;
    if (!ref) {
      const document = await createRequest(onec, {
        date: new Date(request.createdTime),
        counterpartyRef: input.counterpartyRef,
        description: request.description,
        type: input.requestType,
        statusRef: await statuses.refByName(input.initialStatus),
        responsible: request.assignedByName,
        bitrixItemId: request.itemId,
      });
      ref = document.ref;
      created = true;
    }
    if (!found?.posted) await postRequest(onec, ref);
    const document = await getRequest(onec, ref);
    if (!document) throw new Error(`1C document ${ref} disappeared right after it was written`);
    return { ref, number: document.number, status: await statuses.nameByRef(document.statusRef), created };
  }

  /** 1C number and reference into the item, plus a timeline comment for a new document: one `batch`. */
  async function linkDocumentInBitrix(input: {
    itemId: number;
    document: RequestDocument;
    counterpartyName: string;
  }): Promise<BitrixStage | null> {
    const c = bitrix.inTurn(input.itemId);
    const link = {
      link: itemUpdateCommand(entityTypeId, input.itemId, {
        [fields.onecNumber]: input.document.number,
        [fields.onecRef]: input.document.ref,
      }),
    };
    // One batch: the link and its (marked, once-only) comment; halting, so no comment about a link not written.
    const outcome = input.document.created
      ? await batchWithCommentOnce(
          c,
          link,
          {
            entityType: `dynamic_${entityTypeId}`,
            entityId: input.itemId,
            comment: `В 1С создан и проведён документ «Заявка» № ${input.document.number} (контрагент «${input.counterpartyName}»).`,
          },
          stepMarker('comment'),
          firstAttempt(),
        )
      : await c.batch(link, true);
    try {
      const { item } = commandResult(outcome, 'link', 'crm.item.update', itemResultSchema);
      return { stageId: item.stageId ?? '', updatedTime: item.updatedTime, createdTime: item.createdTime };
    } catch (err) {
      // Deleted while the document was being made: the status mirror that follows finds out and closes it.
      if (isBitrix24NotFound(err)) return null;
      throw err;
    }
  }

  async function findRequestDocument(itemId: number): Promise<{ ref: string } | null> {
    const found = await findRequestByItemId(onec, itemId);
    return found ? { ref: found.ref } : null;
  }

  async function unlinkRequestDocument(ref: string): Promise<void> {
    await unlinkRequest(onec, ref);
  }

  return { ensureRequestDocument, linkDocumentInBitrix, findRequestDocument, unlinkRequestDocument };
}
