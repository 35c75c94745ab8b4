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
import type { OneCCounterpartySnapshot, OneCRequestSnapshot } from '../../domain/onec-request';
import type { RequestSnapshot } from '../../domain/request';

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
  history: HistoryEntry[] = [];
  onecWrites: string[] = [];
  bitrixWrites: string[] = [];
  onecStatus = new Map<string, string>();

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
      findCounterparty: async ({ client }) => {
        const key = client.kind === 'company' ? String(client.id) : `C${client.id}`;
        const found = this.counterparties.find((c) => c.key === key);
        return found
          ? ({
              ref: found.ref,
              inn: found.inn,
              name: client.name,
              via: 'bitrixId',
              matchedValue: key,
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
        const existing = this.documents.find((d) => d.itemId === request.itemId);
        if (existing) return { ...existing, created: false };
        const doc = {
          itemId: request.itemId,
          ref: `doc-${request.itemId}`,
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
      },
      readBitrixStage: async (itemId) => {
        const item = this.items.get(itemId);
        return item ? { stageId: item.stageId, updatedTime: item.updatedTime } : null;
      },
      readOneCStatus: async (ref) => this.onecStatus.get(ref) ?? 'Новая',
      mirrorStatusToOneC: async ({ documentRef, status }) => {
        this.onecStatus.set(documentRef, status);
        this.onecWrites.push(status);
      },
      mirrorStageToBitrix: async ({ itemId, stageId }) => {
        const item = this.items.get(itemId);
        if (item) item.stageId = stageId;
        this.bitrixWrites.push(`stage ${itemId} ${stageId}`);
        return {
          updatedTime: new Date().toISOString(),
          ...(item ? { assignedById: item.assignedById } : {}),
        };
      },
      recordHistory: async (entry) => {
        this.history.push(entry);
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
        return {
          ref: doc.ref,
          number: doc.number,
          status: this.onecStatus.get(doc.ref) ?? doc.status,
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
