/**
 * Reconciliation activities: one page of Bitrix24 items or 1C documents per call, so a run over thousands
 * of requests is many short, individually retried steps. A discrepancy is healed by the same
 * signal-with-start the receiver uses (client/request-dispatcher), and written to «ИсторияВзаимодействий»
 * so a 1C user sees that a missed event was caught up.
 */
import { z } from 'zod';
import type { RequestSignals } from '../client/request-dispatcher';
import { historyMessage, historyRecord, type HistoryEvent } from '../domain/history';
import { toOneCDateTime } from '../domain/onec-time';
import { documentDiscrepancy, itemDiscrepancy, type ReconcileFix } from '../domain/reconciliation';
import type { StatusMap } from '../domain/status-map';
import { readInstant } from '../domain/status-sync';
import { PAGE_SIZE, readAfter } from './bitrix24/export';
import { itemsResultSchema } from './bitrix24/schemas';
import type { ActivityDeps } from './deps';
import { writeHistory } from './onec/history';
import { findRequestByItemId, listRequestVersions } from './onec/requests';

const itemRow = z.object({ id: z.number(), stageId: z.string().nullish(), updatedTime: z.string() });

export interface ReconcileDeps extends ActivityDeps {
  signals: RequestSignals;
  statusMap: StatusMap;
  categoryId: number;
}

export interface PageResult {
  checked: number;
  /** Cursor for the next page; null when this was the last one. */
  next: number | null;
  fixes: ReconcileFix[];
}

/** Bitrix24 takes ISO-8601 date-times with an offset in filters. */
const bitrixTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;

export function createReconcileActivities(deps: ReconcileDeps) {
  const { bitrix, onec, statuses, signals, statusMap, entityTypeId } = deps;

  async function record(itemId: number, runTag: string, reason: string, requestRef: string | null) {
    const event: HistoryEvent = { step: 'reconciled', reason };
    await writeHistory(
      onec,
      historyRecord({
        entityTypeId,
        itemId,
        step: event.step,
        requestRef,
        counterpartyRef: null,
        eventId: runTag,
        message: historyMessage(event),
        period: toOneCDateTime(Date.now(), onec.timeZone),
      }),
    );
  }

  /**
   * (a) Items changed in the window, one page by the fast-export reader (`>id`, `start=-1`, no counting):
   * every item without a 1C document, or whose stage 1C does not reflect, gets its workflow signalled (or
   * started). One page a call: each item costs 1C reads, so a call stays short. 1C pages below are kept the
   * same size.
   */
  async function reconcileBitrixItems(input: {
    sinceMs: number;
    beforeMs: number;
    afterId: number;
    runTag: string;
  }): Promise<PageResult> {
    const read = await readAfter(
      bitrix,
      {
        method: 'crm.item.list',
        params: {
          entityTypeId,
          select: ['id', 'stageId', 'updatedTime'],
          filter: {
            categoryId: deps.categoryId,
            '>=updatedTime': bitrixTime(input.sinceMs),
            '<updatedTime': bitrixTime(input.beforeMs),
          },
        },
        idField: 'id',
        rowsKey: 'items',
      },
      { afterId: input.afterId, done: false },
      1,
    );
    const items = z.array(itemRow).parse(read.rows);
    const fixes: ReconcileFix[] = [];
    for (const item of items) {
      const document = await findRequestByItemId(onec, item.id);
      const documentStatus = document ? await statuses.nameByRef(document.statusRef) : null;
      const reason = itemDiscrepancy({ stageId: item.stageId ?? '', documentStatus }, statusMap);
      if (!reason) continue;
      await signals.bitrixItemChanged(item.id, { event: 'update', ts: 0 });
      await record(item.id, input.runTag, reason, document?.ref ?? null);
      fixes.push({ itemId: item.id, reason });
    }
    const more = !read.cursor.done && read.rows.length > 0;
    return { checked: items.length, next: more ? read.cursor.afterId : null, fixes };
  }

  /**
   * (b) 1C documents (dated within the look-back) whose status Bitrix24 does not show, or whose item is
   * gone: their workflows hear the 1C status again, or that the item was deleted.
   */
  async function reconcileOneCDocuments(input: {
    sinceMs: number;
    skip: number;
    runTag: string;
    /** Items already healed by (a) in this run. */
    skipItemIds: number[];
  }): Promise<PageResult> {
    const readStartedMs = Date.now();
    const page = await listRequestVersions(onec, new Date(input.sinceMs), {
      top: PAGE_SIZE,
      skip: input.skip,
    });
    const linked = page
      .map((d) => ({ ...d, itemId: Number(d.bitrixItemId.trim()) }))
      .filter((d) => Number.isSafeInteger(d.itemId) && d.itemId > 0 && !input.skipItemIds.includes(d.itemId));
    const stages = new Map<number, string>();
    if (linked.length > 0) {
      const result = await bitrix.call(
        'crm.item.list',
        {
          entityTypeId,
          select: ['id', 'stageId', 'updatedTime'],
          filter: { '@id': linked.map((d) => d.itemId) },
          order: { id: 'ASC' },
          start: -1,
        },
        itemsResultSchema,
      );
      for (const item of z.array(itemRow).parse(result.items)) stages.set(item.id, item.stageId ?? '');
    }
    const fixes: ReconcileFix[] = [];
    for (const doc of linked) {
      const status = await statuses.nameByRef(doc.statusRef);
      const found = documentDiscrepancy({ status, itemStageId: stages.get(doc.itemId) ?? null }, statusMap);
      if (!found) continue;
      if (found.kind === 'item-deleted') {
        await signals.bitrixItemChanged(doc.itemId, { event: 'delete', ts: 0 });
      } else {
        await signals.onecStatusChanged(doc.itemId, {
          // One id per document version: a second run over the same version is recognised as a repeat.
          eventId: `reconcile-${doc.ref}-${doc.dataVersion}`,
          status,
          // As read: a 1C user's change made after this page was read stays newer than it.
          occurredAt: readInstant(readStartedMs),
          initiator: 'user',
        });
      }
      await record(doc.itemId, input.runTag, found.reason, doc.ref);
      fixes.push({ itemId: doc.itemId, reason: found.reason });
    }
    return { checked: page.length, next: page.length < PAGE_SIZE ? null : input.skip + PAGE_SIZE, fixes };
  }

  return { reconcileBitrixItems, reconcileOneCDocuments };
}

export type ReconcileActivities = ReturnType<typeof createReconcileActivities>;
