/**
 * Reconciliation rules, pure: which slice of time a run looks at, and when an item or a document shows that
 * an event was lost. Bitrix24 does not retry an outgoing webhook that failed and 1C OData has no change
 * feed, so comparing both systems is the only way to see what a lost event left behind.
 */
import type { CounterpartySweepResult } from './counterparty-sweep';
import type { StatusMap } from './status-map';

export interface ReconcileWindow {
  /** Items changed at or after this instant are looked at (ms since epoch). */
  sinceMs: number;
  /** … and before this one: younger changes are left to the next run, their events may still arrive. */
  beforeMs: number;
}

/**
 * From the previous run's watermark (none on the first run: look back `lookbackMs`) up to `graceMs` ago.
 * The windows of consecutive runs touch without a gap, so no change falls between two runs.
 */
export function reconcileWindow(input: {
  watermarkMs: number | null;
  nowMs: number;
  graceMs: number;
  lookbackMs: number;
}): ReconcileWindow {
  const beforeMs = input.nowMs - input.graceMs;
  const sinceMs = Math.min(input.watermarkMs ?? input.nowMs - input.lookbackMs, beforeMs);
  return { sinceMs, beforeMs };
}

/** What reconciliation learns about one Bitrix24 item. */
export interface ItemFacts {
  stageId: string;
  /** Status (PredefinedDataName) of its 1C document; null when 1C has no document for it. */
  documentStatus: string | null;
}

/** Why the item's workflow must hear about it again, or null when both systems agree. */
export function itemDiscrepancy(item: ItemFacts, map: StatusMap): string | null {
  if (item.documentStatus === null) return 'в 1С нет документа по изменённой заявке Битрикс24';
  const expected = map.statusForStage(item.stageId);
  if (expected === null || expected === item.documentStatus) return null;
  return `стадия ${item.stageId} в Битрикс24 не совпадает со статусом «${item.documentStatus}» в 1С`;
}

/** What reconciliation learns about one 1C document linked to a Bitrix24 item. */
export interface DocumentFacts {
  status: string;
  /** Stage of the Bitrix24 item; null when the item no longer exists. */
  itemStageId: string | null;
}

export type DocumentDiscrepancy =
  { kind: 'item-deleted'; reason: string } | { kind: 'status-differs'; reason: string } | null;

/** A 1C document whose item vanished or whose status Bitrix24 never received. */
export function documentDiscrepancy(doc: DocumentFacts, map: StatusMap): DocumentDiscrepancy {
  if (doc.itemStageId === null) {
    // A closed request may be deleted in Bitrix24 later on; that is housekeeping, not a lost event.
    if (map.isFinalStatus(doc.status)) return null;
    return { kind: 'item-deleted', reason: 'элемент Битрикс24 удалён, а документ в 1С открыт' };
  }
  const expected = map.stageForStatus(doc.status);
  if (expected === null || expected === doc.itemStageId) return null;
  return {
    kind: 'status-differs',
    reason: `статус «${doc.status}» в 1С не передан в Битрикс24 (там стадия ${doc.itemStageId})`,
  };
}

export interface ReconcileFix {
  itemId: number;
  reason: string;
}

/** The result of one run; `watermarkMs` is where the next run starts. */
export interface ReconcileReport {
  watermarkMs: number;
  sinceMs: number;
  itemsChecked: number;
  documentsChecked: number;
  fixes: ReconcileFix[];
  /** Requests born in 1C whose hand-over to Bitrix24 the run started (the 1C-born sweep). */
  onecBornStarted?: number;
  /**
   * Rows people added to «ИсторияВзаимодействий» in 1C: where the next run reads from (a 1C `Period`) and how
   * many comments this run started. Absent when the read is switched off (`interactions.toBitrix24`).
   */
  interactions?: { watermark: string; read: number; started: number };
  /**
   * The counterparty sweep: digests of the 1C-owned values per linked client (the next run compares with
   * them), how many were read and how many client workflows were signalled. Absent when counterparty
   * synchronisation is off.
   */
  counterparties?: CounterpartySweepResult;
}

/** Reports travel between runs and into the Temporal UI: keep the list of fixes short. */
export const MAX_REPORTED_FIXES = 200;
