/**
 * A request born in 1C («Заявка» posted by a 1C operator, no `ИдЭлементаБитрикс24`), one workflow per
 * document (`request-onec-<Ref_Key>`): find or create its client in Bitrix24 → create its item once →
 * write the item id into the document → hand over to the item's request workflow, which mirrors statuses
 * both ways exactly as for a request born in Bitrix24.
 *
 * No ping-pong, in any order of events:
 * - the item carries the document's Ref_Key (the 1C reference field) from its very first write, so the
 *   Bitrix24 ADD/UPDATE events of the new item — even when they arrive before the id is written back to
 *   1C — start the item's request workflow, which sees the reference and adopts this document instead of
 *   creating one (adopt-onec-document.ts);
 * - `crm.item.add` is preceded by a search on that field, so a lost answer or a second run of this
 *   workflow finds the first item;
 * - documents created from Bitrix24 carry `ИдЭлементаБитрикс24` from their creation, so they are never
 *   reported or swept as 1C-born, and this workflow leaves any linked document alone.
 */
import {
  ApplicationFailure,
  setHandler,
  startChild,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { HistoryEvent } from '../domain/history';
import { itemDraft, type OneCRequestSnapshot } from '../domain/onec-request';
import { createStatusMap } from '../domain/status-map';
import { readInstant } from '../domain/status-sync';
import type { LinkedDocument } from '../activities/contract';
import { activities, onecBornActivities } from './activities';
import { ensureBitrixClient } from './ensure-bitrix-client';
import { onecDocumentPostedSignal, onecStatusChangedSignal } from './messages';
import { requestWorkflow } from './request-workflow';
import type { RequestSettings } from './request-settings';
import { B24_ITEM_ID, ONEC_NUMBER } from './search-attributes';
import { requestWorkflowId } from './workflow-ids';

export interface OneCRequestWorkflowInput {
  documentRef: string;
  settings: RequestSettings;
}

export type OneCRequestOutcome =
  | { outcome: 'not-posted' | 'gone' | 'already-linked'; itemId: null }
  | { outcome: 'handed-over'; itemId: number; itemCreated: boolean };

const FALLBACK_RULES = { responsibleUsers: {}, fallbackUserId: 1 };

export async function onecRequestWorkflow(input: OneCRequestWorkflowInput): Promise<OneCRequestOutcome> {
  const { documentRef, settings } = input;
  // Repeated notifications only confirm what this run re-reads anyway.
  setHandler(onecDocumentPostedSignal, () => undefined);
  const document = await onecBornActivities.readOneCRequest(documentRef);
  if (!document || document.deletionMark) return { outcome: 'gone', itemId: null };
  // A draft becomes a request when it is posted; the posting sends the next notification.
  if (!document.posted) return { outcome: 'not-posted', itemId: null };
  if (document.bitrixItemId !== '') return { outcome: 'already-linked', itemId: null };
  upsertSearchAttributes([{ key: ONEC_NUMBER, value: document.number }]);

  const journal = createOneCJournal(settings.entityTypeId, document);
  try {
    await journal({ step: 'received-from-onec', number: document.number });
    const itemId = await createItem(document, settings, journal);
    const readStartedMs = Date.now();
    const linked = await onecBornActivities.linkDocumentToItem({ documentRef, itemId: itemId.itemId });
    if (!linked) return { outcome: 'gone', itemId: null };
    if (linked.linkedNow)
      await journal({ step: 'item-linked', itemId: itemId.itemId, number: document.number });
    await handOver(itemId.itemId, linked, readStartedMs, settings);
    return { outcome: 'handed-over', itemId: itemId.itemId, itemCreated: itemId.created };
  } catch (err) {
    const error =
      err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    await journal({ step: 'error', action: 'создание элемента Битрикс24 для заявки из 1С', error }).catch(
      () => undefined,
    );
    throw err;
  }
}

async function createItem(
  document: OneCRequestSnapshot,
  settings: RequestSettings,
  journal: OneCJournal,
): Promise<{ itemId: number; created: boolean }> {
  if (!document.counterpartyRef)
    throw ApplicationFailure.nonRetryable(`1C document ${document.number} has no counterparty`);
  const client = await ensureBitrixClient({
    counterpartyRef: document.counterpartyRef,
    order: settings.matchingOrder,
  });
  const clientName = `${client.client.kind === 'company' ? 'компания' : 'контакт'} ${client.client.id}`;
  if (client.via === 'created') {
    await journal({
      step: 'client-created-in-bitrix',
      name: client.name,
      client: clientName,
      requisite: client.requisite,
    });
  } else {
    await journal({
      step: 'client-found-in-bitrix',
      name: client.name,
      rule: client.via,
      value: client.matchedValue,
      client: clientName,
    });
  }
  const draft = itemDraft(document, client.client, {
    map: createStatusMap(settings.stages, settings.finalStatuses),
    requestTypes: settings.requestTypes,
    rules: settings.onecRequests ?? FALLBACK_RULES,
  });
  const item = await onecBornActivities.ensureBitrixItem({ draft, categoryId: settings.categoryId });
  upsertSearchAttributes([{ key: B24_ITEM_ID, value: item.itemId }]);
  if (item.created) await journal({ step: 'item-created', itemId: item.itemId, number: document.number });
  return item;
}

/**
 * From now on the request is the item's request workflow. It may already run (started by the item's
 * Bitrix24 ADD event); then it is told the document's current status, in case a 1C user changed it before
 * the link existed (such a notification had no item id to travel with).
 */
async function handOver(
  itemId: number,
  linked: LinkedDocument,
  readStartedMs: number,
  settings: RequestSettings,
): Promise<void> {
  const workflowId = requestWorkflowId(settings.entityTypeId, itemId);
  try {
    await startChild(requestWorkflow, {
      workflowId,
      args: [{ itemId, settings }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  try {
    await getExternalWorkflowHandle(workflowId).signal(onecStatusChangedSignal, {
      eventId: `linked-${linked.ref}`,
      status: linked.status,
      // As read, not as of now: a 1C user's change right after the read must stay newer than this.
      occurredAt: readInstant(readStartedMs),
      initiator: 'user',
    });
  } catch {
    // It finished between the two calls: it had adopted the document and mirrored it to a final status.
  }
}

type OneCJournal = (event: HistoryEvent) => Promise<void>;

/** History rows of this workflow are keyed by the document: the item id is not known at first. */
function createOneCJournal(entityTypeId: number, document: OneCRequestSnapshot): OneCJournal {
  return async (event) => {
    await activities.recordHistory({
      entityTypeId,
      itemId: 0,
      event,
      at: new Date().toISOString(),
      requestRef: document.ref,
      counterpartyRef: document.counterpartyRef,
      onecDocumentRef: document.ref,
    });
  };
}
