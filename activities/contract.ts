/**
 * What the request workflows ask of the outside world. Workflows depend on this interface only (type import),
 * so tests can hand them mocks and the worker hands them `createActivities(...)`.
 */
import type { CounterpartyFields } from '../domain/counterparty';
import type { HistoryEvent } from '../domain/history';
import type { ClientSnapshot, RequestSnapshot, RequestType } from '../domain/request';
import type { MatchRule } from '../domain/counterparty';

export interface CounterpartyRef {
  ref: string;
  inn: string;
  name: string;
  /** How it was found (rule and the value that matched), or `created`. */
  via: MatchRule | 'created';
  matchedValue: string;
}

export interface RequestDocument {
  ref: string;
  number: string;
  /** `PredefinedDataName` of its current status. */
  status: string;
  /** True when this call created it (false: it already existed, e.g. a retried or replayed run). */
  created: boolean;
}

export interface HistoryEntry {
  entityTypeId: number;
  itemId: number;
  event: HistoryEvent;
  /** Tells apart repeated occurrences of a step (part of the register key); omitted for one-off steps. */
  discriminator?: string;
  /** ISO-8601 instant of the step (workflow time); retries carry the same value. */
  at: string;
  requestRef: string | null;
  counterpartyRef: string | null;
}

export interface RequestActivities {
  loadRequest(itemId: number): Promise<RequestSnapshot | null>;
  notifyManager(input: { itemId: number; userId: number; message: string }): Promise<void>;
  /** First counterparty matching the client by the rules in order; null when none does. */
  findCounterparty(input: { client: ClientSnapshot; order: MatchRule[] }): Promise<CounterpartyRef | null>;
  /** Creates the counterparty unless one with the same Bitrix24 key exists (a retry after a lost answer). */
  createCounterparty(fields: CounterpartyFields): Promise<CounterpartyRef>;
  /** Writes the fields 1C lacks; returns the names of the fields written. */
  fillCounterpartyGaps(input: { ref: string; draft: CounterpartyFields }): Promise<string[]>;
  ensureRequestDocument(input: {
    request: RequestSnapshot;
    counterpartyRef: string;
    requestType: RequestType;
    initialStatus: string;
  }): Promise<RequestDocument>;
  linkDocumentInBitrix(input: {
    itemId: number;
    document: RequestDocument;
    counterpartyName: string;
  }): Promise<void>;
  readBitrixStage(itemId: number): Promise<{ stageId: string; updatedTime: string } | null>;
  readOneCStatus(documentRef: string): Promise<string>;
  mirrorStatusToOneC(input: { documentRef: string; status: string }): Promise<void>;
  /** Returns the item's `updatedTime` after the write: our write's place in Bitrix24's own timeline. */
  mirrorStageToBitrix(input: {
    itemId: number;
    stageId: string;
    comment: string;
  }): Promise<{ updatedTime: string }>;
  recordHistory(entry: HistoryEntry): Promise<void>;
  /** Puts the request's rows written before its document existed under the document; returns how many. */
  attachEarlierHistory(input: {
    entityTypeId: number;
    itemId: number;
    requestRef: string;
    counterpartyRef: string | null;
  }): Promise<number>;
}
