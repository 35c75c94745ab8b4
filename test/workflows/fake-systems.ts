/**
 * In-memory stand-ins for Bitrix24 and 1C behind the RequestActivities interface, for workflow tests that
 * exercise the business process without any HTTP.
 */
import type {
  CounterpartyRef,
  HistoryEntry,
  OneCBornActivities,
  RequestActivities,
  RequestDocument,
} from '../../activities/contract';
import { ApplicationFailure } from '@temporalio/common';
import type { OneCCounterpartySnapshot, OneCRequestSnapshot } from '../../domain/onec-request';
import type { RequestSnapshot } from '../../domain/request';
import { DOCUMENT_GONE_FAILURE, type VanishedHow } from '../../domain/vanished-document';

export interface FakeCounterparty {
  ref: string;
  key: string;
  inn: string;
}

export class FakeSystems {
  items = new Map<number, RequestSnapshot>();
  counterparties: FakeCounterparty[] = [];
  documents: Array<RequestDocument & { itemId: number }> = [];
  notifications: Array<{ userId: number; message: string; timelineComment?: boolean }> = [];
  /** 1C documents registered in 1C (requests born there), by Ref_Key. */
  onecDocuments = new Map<string, OneCRequestSnapshot>();
  onecCounterparties = new Map<string, OneCCounterpartySnapshot>();
  /** Bitrix24 clients created for 1C counterparties. */
  bitrixClientsCreated: string[] = [];
  /** Called after an item is created from 1C, before the activity answers (e.g. to deliver its ADD event). */
  onItemCreated: (itemId: number) => Promise<void> = async () => undefined;
  /** Delay of the write-back of the item id into 1C, to put the item's events before it. */
  linkDelayMs = 0;
  /** Called while a stage is written to an item, before the portal answers (e.g. to change 1C meanwhile). */
  duringStageWrite: (itemId: number) => Promise<void> = async () => undefined;
  /** Called when the write-back has read the document's status, before it answers (e.g. to change it in 1C). */
  afterLinkRead: (documentRef: string) => Promise<void> = async () => undefined;
  history: HistoryEntry[] = [];
  onecWrites: string[] = [];
  bitrixWrites: string[] = [];
  onecStatus = new Map<string, string>();
  /** Documents deleted or marked for deletion in 1C, by ref. */
  gone = new Map<string, VanishedHow>();

  /** What the real status activities do (activities/status.ts + failures.ts) for a vanished document. */
  private live(ref: string): void {
    const how = this.gone.get(ref);
    if (how) {
      throw ApplicationFailure.create({
        message: `1C document ${ref} is gone (${how})`,
        type: DOCUMENT_GONE_FAILURE,
        nonRetryable: true,
        details: [how],
      });
    }
  }

  private liveDocumentOf(itemId: number) {
    return this.documents.find((d) => d.itemId === itemId && !this.gone.has(d.ref));
  }
  /** Item id → how many more document creations 1C refuses with a business error (non-retryable). */
  refuseDocument = new Map<number, number>();

  activities(): RequestActivities {
    return {
      loadRequest: async (itemId) => structuredClone(this.items.get(itemId) ?? null),
      notifyManager: async ({ userId, message, timelineComment }) => {
        this.notifications.push({
          userId,
          message,
          ...(timelineComment === false ? { timelineComment } : {}),
        });
      },
      findCounterparty: async ({ client, order }) => {
        const key = client.kind === 'company' ? String(client.id) : `C${client.id}`;
        const byKey = this.counterparties.find((c) => c.key === key);
        const byInn =
          order.includes('inn') && client.inn
            ? this.counterparties.find((c) => c.inn === client.inn)
            : undefined;
        const found = byKey ?? byInn;
        return found
          ? ({
              ref: found.ref,
              inn: found.inn,
              name: client.name,
              via: byKey ? 'bitrixId' : 'inn',
              matchedValue: byKey ? key : found.inn,
            } satisfies CounterpartyRef)
          : null;
      },
      createCounterparty: async (fields) => {
        // Widen the race window so that unserialised callers would overlap.
        await new Promise((r) => setTimeout(r, 50));
        const ref = `cp-${this.counterparties.length + 1}`;
        this.counterparties.push({ ref, key: fields.ИдКомпанииБитрикс24, inn: fields.ИНН });
        return { ref, inn: fields.ИНН, name: fields.Description, via: 'created', matchedValue: '' };
      },
      fillCounterpartyGaps: async () => [],
      ensureRequestDocument: async ({ request, initialStatus }) => {
        const refusals = this.refuseDocument.get(request.itemId) ?? 0;
        if (refusals > 0) {
          this.refuseDocument.set(request.itemId, refusals - 1);
          throw ApplicationFailure.nonRetryable(
            '1C: не заполнен реквизит «Организация»',
            'OneCBusinessError',
          );
        }
        const existing = this.liveDocumentOf(request.itemId);
        if (existing) return { ...existing, created: false };
        const doc = {
          itemId: request.itemId,
          // A second document of an item (its first one vanished) gets a ref of its own.
          ref: `doc-${request.itemId}${this.documents.some((d) => d.ref === `doc-${request.itemId}`) ? `-${this.documents.length + 1}` : ''}`,
          number: String(this.documents.length + 1).padStart(9, '0'),
          status: initialStatus,
          created: true,
        };
        this.documents.push(doc);
        this.onecStatus.set(doc.ref, initialStatus);
        return doc;
      },
      linkDocumentInBitrix: async ({ itemId, document }) => {
        this.bitrixWrites.push(`link ${itemId} ${document.number}`);
        const item = this.items.get(itemId);
        return { stageId: item?.stageId ?? '', updatedTime: new Date().toISOString() };
      },
      readBitrixStage: async (itemId) => {
        const item = this.items.get(itemId);
        return item
          ? { stageId: item.stageId, updatedTime: item.updatedTime, createdTime: item.createdTime }
          : null;
      },
      findRequestDocument: async (itemId) => {
        const found = this.liveDocumentOf(itemId);
        return found ? { ref: found.ref } : null;
      },
      unlinkRequestDocument: async (ref) => {
        for (const d of this.documents) if (d.ref === ref) d.itemId = 0;
      },
      readOneCStatus: async (ref) => {
        this.live(ref);
        return this.onecStatus.get(ref) ?? 'Новая';
      },
      mirrorStatusToOneC: async ({ documentRef, status }) => {
        this.live(documentRef);
        this.onecStatus.set(documentRef, status);
        this.onecWrites.push(status);
      },
      mirrorStageToBitrix: async ({ itemId, stageId }) => {
        const item = this.items.get(itemId);
        if (item) item.stageId = stageId;
        this.bitrixWrites.push(`stage ${itemId} ${stageId}`);
        await this.duringStageWrite(itemId);
        return {
          // As the portal answers: whole seconds, with the zone.
          updatedTime: `${new Date().toISOString().slice(0, 19)}+00:00`,
          ...(item ? { assignedById: item.assignedById } : {}),
        };
      },
      recordHistory: async (entry) => {
        this.history.push(entry);
      },
      closeDocumentOfDeletedItem: async ({ documentRef, policy }) => {
        if (policy === 'deletion-mark') {
          this.onecWrites.push(`deletion-mark ${documentRef}`);
          return 'marked';
        }
        if (this.onecStatus.get(documentRef) === 'Отменена') return 'already-closed';
        this.onecStatus.set(documentRef, 'Отменена');
        this.onecWrites.push('Отменена');
        return 'cancelled';
      },
      attachEarlierHistory: async ({ itemId, requestRef }) => {
        const earlier = this.history.filter((h) => h.itemId === itemId && h.requestRef === null);
        for (const entry of earlier) entry.requestRef = requestRef;
        return earlier.length;
      },
    };
  }

  onecBornActivities(): OneCBornActivities {
    return {
      readOneCRequest: async (ref) => {
        const fromOneC = this.onecDocuments.get(ref);
        if (fromOneC) return structuredClone(fromOneC);
        const fromBitrix = this.documents.find((d) => d.ref === ref);
        if (!fromBitrix) return null;
        return {
          ref,
          number: fromBitrix.number,
          date: '2025-01-13T10:15:00',
          posted: true,
          deletionMark: false,
          counterpartyRef: 'cp-1',
          description: '',
          type: 'Ремонт',
          status: this.onecStatus.get(ref) ?? 'Новая',
          responsible: '',
          bitrixItemId: String(fromBitrix.itemId),
        };
      },
      readOneCCounterparty: async (ref) => structuredClone(this.onecCounterparties.get(ref) ?? null),
      findBitrixClient: async () => null,
      createBitrixClient: async (counterparty) => {
        this.bitrixClientsCreated.push(counterparty.ref);
        return {
          client: { kind: 'company', id: 500 + this.bitrixClientsCreated.length },
          name: counterparty.name,
          requisite: true,
        };
      },
      linkCounterpartyToBitrix: async () => true,
      ensureBitrixItem: async ({ draft }) => {
        const existing = [...this.items.values()].find((i) => i.onecRef === draft.onecRef);
        if (existing) return { itemId: existing.itemId, created: false };
        const itemId = 1000 + this.items.size;
        this.items.set(itemId, {
          ...validRequest(itemId),
          title: draft.title,
          stageId: draft.stageId,
          assignedById: draft.assignedById,
          description: draft.description,
          onecRef: draft.onecRef,
        });
        this.bitrixWrites.push(`item ${itemId} from ${draft.onecRef}`);
        await this.onItemCreated(itemId);
        return { itemId, created: true };
      },
      linkDocumentToItem: async ({ documentRef, itemId }) => {
        await new Promise((r) => setTimeout(r, this.linkDelayMs));
        const doc = this.onecDocuments.get(documentRef);
        if (!doc) return null;
        if (doc.bitrixItemId !== '' && doc.bitrixItemId !== String(itemId))
          throw new Error(`linked to ${doc.bitrixItemId}`);
        const linkedNow = doc.bitrixItemId === '';
        doc.bitrixItemId = String(itemId);
        if (linkedNow) this.onecWrites.push(`link ${documentRef} ${itemId}`);
        const status = this.onecStatus.get(doc.ref) ?? doc.status;
        await this.afterLinkRead(documentRef);
        return {
          ref: doc.ref,
          number: doc.number,
          status,
          created: false,
          counterpartyRef: doc.counterpartyRef,
          linkedNow,
        };
      },
      listUnlinkedOneCRequests: async () =>
        [...this.onecDocuments.values()].filter((d) => d.posted && d.bitrixItemId === '').map((d) => d.ref),
    };
  }
}

export function validRequest(itemId: number, overrides: Partial<RequestSnapshot> = {}): RequestSnapshot {
  return {
    itemId,
    entityTypeId: 1038,
    title: `Заявка ${itemId}`,
    stageId: 'DT1038_10:NEW',
    categoryId: 10,
    assignedById: 2,
    assignedByName: 'Иванова Мария',
    description: 'Не включается кассовый аппарат',
    requestTypeId: '103',
    updatedTime: '2025-01-13T10:15:00+03:00',
    createdTime: '2025-01-13T10:15:00+03:00',
    client: {
      kind: 'company',
      id: 42,
      name: 'ООО "Ромашка"',
      phones: ['+7 916 123-45-67'],
      emails: ['info@romashka.ru'],
      inn: '7707083893',
      typeId: 'CUSTOMER',
    },
    ...overrides,
  };
}
