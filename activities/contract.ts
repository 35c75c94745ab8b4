/**
 * What the request workflows ask of the outside world. Workflows depend on this interface only (type import),
 * so tests can hand them mocks and the worker hands them `createActivities(...)`.
 */
import type { CounterpartyFields } from '../domain/counterparty';
import type { HistoryEvent, HistoryRecord } from '../domain/history';
import type { BitrixActivity } from '../domain/interaction';
import type { ClientSnapshot, RequestSnapshot, RequestType } from '../domain/request';
import type { MatchRule } from '../domain/counterparty';
import type {
  BitrixClientRef,
  ItemDraft,
  OneCCounterpartySnapshot,
  OneCRequestSnapshot,
} from '../domain/onec-request';

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
  /** Steps of a request born in 1C before it has an item: the row is keyed by this document instead. */
  onecDocumentRef?: string;
}

/** The item's stage as Bitrix24 reported it, with the item's `updatedTime` (ISO-8601 with zone). */
export interface BitrixStage {
  stageId: string;
  updatedTime: string;
  /** Tells one item from a later one that got the same id (a portal restored from backup); set by reads. */
  createdTime?: string;
}

/**
 * Activities that call Bitrix24. They run on their own task queue (`<taskQueue>-bitrix24`): they wait for
 * the portal's rate limit there without holding the slots of 1C activities.
 */
export interface Bitrix24Activities {
  /** The item with its client and responsible user (one `batch`); null when the item is gone. */
  loadRequest(itemId: number): Promise<RequestSnapshot | null>;
  /** System notification to the user and, unless `timelineComment` is false, a comment on the item. */
  notifyManager(input: {
    itemId: number;
    userId: number;
    message: string;
    timelineComment?: boolean;
  }): Promise<void>;
  /** Writes the 1C number and reference into the item (plus a comment); returns the item's stage after it. */
  linkDocumentInBitrix(input: {
    itemId: number;
    document: RequestDocument;
    counterpartyName: string;
  }): Promise<BitrixStage | null>;
  readBitrixStage(itemId: number): Promise<(BitrixStage & { createdTime: string }) | null>;
  /**
   * Returns the item's `updatedTime` after the write (our write's place in Bitrix24's own timeline) and its
   * responsible user, who may be told about the change.
   */
  mirrorStageToBitrix(input: {
    itemId: number;
    stageId: string;
    comment: string;
  }): Promise<{ updatedTime: string; assignedById?: number }>;
}

export const BITRIX24_ACTIVITY_NAMES = [
  'loadRequest',
  'notifyManager',
  'linkDocumentInBitrix',
  'readBitrixStage',
  'mirrorStageToBitrix',
] as const satisfies ReadonlyArray<keyof Bitrix24Activities>;

/** The Bitrix24 activities' task queue beside the workflows' one. */
export function bitrix24TaskQueue(taskQueue: string): string {
  return `${taskQueue}-bitrix24`;
}

/**
 * The portal budget workflow's own task queue (workflows/portal-budget-workflow.ts): its leases are answered
 * by a worker of their own, never queued behind the request workflows' tasks.
 */
export function portalBudgetTaskQueue(taskQueue: string): string {
  return `${taskQueue}-budget`;
}

export interface OneCActivities {
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
  /** The live 1C document of the item (not one marked for deletion), if any. */
  findRequestDocument(itemId: number): Promise<{ ref: string } | null>;
  /** Clears the document's Bitrix24 item id: that item no longer exists (its id names another item now). */
  unlinkRequestDocument(ref: string): Promise<void>;
  /** Fails with type `OneCDocumentGone` when the document was deleted or marked for deletion. */
  readOneCStatus(documentRef: string): Promise<string>;
  /** Fails with type `OneCDocumentGone` like `readOneCStatus`. */
  mirrorStatusToOneC(input: { documentRef: string; status: string }): Promise<void>;
  recordHistory(entry: HistoryEntry): Promise<void>;
  /** Closes the 1C document of an item deleted in Bitrix24 (status «Отменена» or the deletion mark). */
  closeDocumentOfDeletedItem(input: {
    documentRef: string;
    policy: 'cancel' | 'deletion-mark';
  }): Promise<'cancelled' | 'marked' | 'already-closed' | 'missing'>;
  /** Puts the request's rows written before its document existed under the document; returns how many. */
  attachEarlierHistory(input: {
    entityTypeId: number;
    itemId: number;
    requestRef: string;
    counterpartyRef: string | null;
  }): Promise<number>;
}

export type RequestActivities = Bitrix24Activities & OneCActivities;

/** A Bitrix24 client found for a 1C counterparty, and how. */
export interface FoundBitrixClient {
  client: BitrixClientRef;
  name: string;
  rule: MatchRule;
  value: string;
}

/** A 1C document linked to its Bitrix24 item (adopted by the item's request workflow). */
export interface LinkedDocument extends RequestDocument {
  counterpartyRef: string | null;
  /** True when this call wrote `ИдЭлементаБитрикс24` (false: it already held the item id). */
  linkedNow: boolean;
}

/** What requests born in 1C need besides the request activities (activities/onec-born.ts). */
export interface OneCBornActivities {
  /** The document, or null when 1C no longer has it. */
  readOneCRequest(ref: string): Promise<OneCRequestSnapshot | null>;
  readOneCCounterparty(ref: string): Promise<OneCCounterpartySnapshot | null>;
  /** First Bitrix24 company/contact matching by the rules in order; null when none does. */
  findBitrixClient(input: {
    counterparty: OneCCounterpartySnapshot;
    order: MatchRule[];
  }): Promise<FoundBitrixClient | null>;
  /** Creates the company (with its requisite and legal address) or contact, unless a retry finds it. */
  createBitrixClient(
    counterparty: OneCCounterpartySnapshot,
  ): Promise<{ client: BitrixClientRef; name: string; requisite: boolean }>;
  /** Stores the Bitrix24 client in the counterparty's `ИдКомпанииБитрикс24` when it is blank. */
  linkCounterpartyToBitrix(input: { counterpartyRef: string; client: BitrixClientRef }): Promise<boolean>;
  /** The item carrying this 1C reference, created when there is none. */
  ensureBitrixItem(input: {
    draft: ItemDraft;
    categoryId: number;
  }): Promise<{ itemId: number; created: boolean }>;
  /**
   * Writes the item id into the document's `ИдЭлементаБитрикс24` unless it is there; null when the document is
   * gone or marked for deletion; fails (not retryable) when it is linked to another item.
   */
  linkDocumentToItem(input: { documentRef: string; itemId: number }): Promise<LinkedDocument | null>;
  /** Refs of posted documents without a Bitrix24 item dated from `since` (ISO), at most `limit`. */
  listUnlinkedOneCRequests(input: { since: string; limit: number }): Promise<string[]>;
}

/** A row a person added in 1C, with the Bitrix24 item of its document (activities/interactions.ts). */
export interface OneCInteraction {
  itemId: number;
  /** The document's 1C number, named in the comment. */
  documentNumber: string;
  record: HistoryRecord;
}

/** What became of a Bitrix24 activity in the register. */
export type ActivityRowOutcome =
  | 'written'
  | 'unchanged'
  | 'removed'
  /** A to-do, a task, a planned call or meeting: not an interaction (yet). */
  | 'not-an-interaction'
  /** Bound to neither a request item nor a company/contact. */
  | 'not-ours'
  /** Bound to a client 1C has no counterparty for. */
  | 'no-counterparty';

/** Interactions both ways: calls, e-mails and meetings into the register, rows added in 1C onto the timeline. */
export interface InteractionActivities {
  /** The activity with its bindings and responsible user; null when Bitrix24 no longer has it. */
  readBitrixActivity(activityId: number): Promise<BitrixActivity | null>;
  /** Brings the activity's row in «ИсторияВзаимодействий» in line with it (writes, rewrites or removes). */
  recordBitrixActivity(activity: BitrixActivity): Promise<ActivityRowOutcome>;
  /** One timeline comment on the item per 1C row (a marker makes a repeat find the first). */
  postOneCInteraction(input: OneCInteraction): Promise<'added' | 'already-there' | 'item-gone'>;
  /**
   * Rows people added in 1C from `since` (a 1C `Period`; null: from `sinceMs`), at most `limit` read; returns
   * those of documents linked to Bitrix24 items and where the next read starts.
   */
  listOneCInteractions(input: {
    since: string | null;
    sinceMs: number;
    limit: number;
  }): Promise<{ found: OneCInteraction[]; watermark: string; read: number }>;
}
