/**
 * Joins what 1C holds — documents «Заявка», the statuses catalog, counterparties and the history register —
 * into one RequestFact per document. The register tells when the status last moved and when the request was
 * completed: the integration writes a row for each mirrored status and for completion (domain/history).
 */
import { EMPTY_REF } from '../history';
import { fromOneCDateTime } from '../onec-time';
import type { RequestFact } from './facts';
import { NOT_SET } from './build';

export interface DocumentRow {
  ref: string;
  number: string;
  /** Naive local date-time of the base. */
  date: string;
  counterpartyRef?: string;
  type?: string;
  statusRef: string;
  responsible: string;
  bitrixItemId: string;
}

export interface StatusRow {
  ref: string;
  name: string;
  predefinedName: string;
}

export interface HistoryRow {
  /** Naive local date-time of the base. */
  period: string;
  requestRef: string;
  eventId: string;
}

export interface OneCSnapshot {
  documents: readonly DocumentRow[];
  statuses: readonly StatusRow[];
  counterparties: ReadonlyMap<string, string>;
  history: readonly HistoryRow[];
}

const STATUS_STEPS = new Set(['status-to-bitrix', 'status-to-onec', 'document-created']);

/** The step of a row the integration wrote (`b24:<entityTypeId>:<itemId>:<step>[:…]`), else undefined. */
export function historyStep(eventId: string): string | undefined {
  const parts = eventId.split(':');
  return parts[0] === 'b24' && parts.length >= 4 ? parts[3]?.replace(/~.*$/, '') : undefined;
}

export function requestFacts(
  onec: OneCSnapshot,
  finalStatuses: readonly string[],
  timeZone: string,
): RequestFact[] {
  const statuses = new Map(onec.statuses.map((s) => [s.ref, s]));
  const final = new Set(finalStatuses);
  const rowsByRequest = new Map<string, HistoryRow[]>();
  for (const row of onec.history) {
    if (row.requestRef === EMPTY_REF) continue;
    const list = rowsByRequest.get(row.requestRef) ?? [];
    list.push(row);
    rowsByRequest.set(row.requestRef, list);
  }
  return onec.documents.map((doc) => {
    const createdAt = fromOneCDateTime(doc.date, timeZone);
    const status = statuses.get(doc.statusRef);
    const isFinal = status !== undefined && final.has(status.predefinedName);
    const rows = rowsByRequest.get(doc.ref) ?? [];
    const at = (row: HistoryRow) => fromOneCDateTime(row.period, timeZone);
    const statusTimes = rows.filter((r) => STATUS_STEPS.has(historyStep(r.eventId) ?? '')).map(at);
    const lastStatusChangeAt = Math.max(createdAt, ...statusTimes);
    const completedRow = rows.filter((r) => historyStep(r.eventId) === 'completed').map(at);
    const completedAt =
      completedRow.length > 0 ? Math.max(...completedRow) : isFinal ? lastStatusChangeAt : undefined;
    return {
      ref: doc.ref,
      number: doc.number,
      itemId: doc.bitrixItemId,
      createdAt,
      counterparty: (doc.counterpartyRef && onec.counterparties.get(doc.counterpartyRef)) || NOT_SET,
      type: doc.type || NOT_SET,
      status: status?.name ?? NOT_SET,
      final: isFinal,
      manager: doc.responsible.trim() || NOT_SET,
      lastStatusChangeAt,
      ...(completedAt !== undefined ? { completedAt } : {}),
    };
  });
}
