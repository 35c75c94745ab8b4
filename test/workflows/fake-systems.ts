/**
 * In-memory stand-ins for Bitrix24 and 1C behind the RequestActivities interface, for workflow tests that
 * exercise the business process without any HTTP.
 */
import type {
  CounterpartyRef,
  HistoryEntry,
  RequestActivities,
  RequestDocument,
} from '../../activities/contract';
import { ApplicationFailure } from '@temporalio/common';
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
  notifications: Array<{ userId: number; message: string }> = [];
  history: HistoryEntry[] = [];
  onecWrites: string[] = [];
  bitrixWrites: string[] = [];
  onecStatus = new Map<string, string>();
  /** Item id → how many more document creations 1C refuses with a business error (non-retryable). */
  refuseDocument = new Map<number, number>();

  activities(): RequestActivities {
    return {
      loadRequest: async (itemId) => structuredClone(this.items.get(itemId) ?? null),
      notifyManager: async ({ userId, message }) => {
        this.notifications.push({ userId, message });
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
        const refusals = this.refuseDocument.get(request.itemId) ?? 0;
        if (refusals > 0) {
          this.refuseDocument.set(request.itemId, refusals - 1);
          throw ApplicationFailure.nonRetryable(
            '1C: не заполнен реквизит «Организация»',
            'OneCBusinessError',
          );
        }
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
        return { updatedTime: new Date().toISOString() };
      },
      recordHistory: async (entry) => {
        this.history.push(entry);
      },
      attachEarlierHistory: async ({ itemId, requestRef }) => {
        const earlier = this.history.filter((h) => h.itemId === itemId && h.requestRef === null);
        for (const entry of earlier) entry.requestRef = requestRef;
        return earlier.length;
      },
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
