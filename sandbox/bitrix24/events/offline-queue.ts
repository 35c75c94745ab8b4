/**
 * The portal-side queue behind offline events. It holds the latest state per object, not a history: an event
 * whose MESSAGE_ID (hash of name + data) is already waiting just refreshes that row's TIMESTAMP_X. Reading
 * with `event.offline.get` stamps rows with a process id; `clear` deletes them, `error` parks them with ERROR=1.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Bitrix24Store, Table } from '../store';
import { formatPortalDate } from '../dates';
import { matchesFilter, orderBy, parseFilter } from './row-filter';

export interface OfflineRow extends Record<string, unknown> {
  ID: number;
  TIMESTAMP_X: string;
  EVENT_NAME: string;
  EVENT_DATA: Record<string, unknown>;
  EVENT_ADDITIONAL: Record<string, unknown>;
  MESSAGE_ID: string;
  PROCESS_ID: string;
  ERROR: number;
  CONNECTOR_ID: string;
}

export const GET_FIELDS = ['ID', 'TIMESTAMP_X', 'EVENT_NAME', 'MESSAGE_ID'] as const;
export const LIST_FIELDS = [...GET_FIELDS, 'PROCESS_ID', 'ERROR'] as const;

export function offlineTable(store: Bitrix24Store): Table<OfflineRow> {
  return store.table<OfflineRow>('eventOffline');
}

export function messageIdOf(eventName: string, data: unknown): string {
  return createHash('md5')
    .update(`${eventName}|${JSON.stringify(data)}`)
    .digest('hex');
}

export function enqueueOffline(
  store: Bitrix24Store,
  entry: {
    eventName: string;
    data: Record<string, unknown>;
    additional: Record<string, unknown>;
    connectorId: string;
  },
  now = new Date(),
): OfflineRow {
  const table = offlineTable(store);
  const messageId = messageIdOf(entry.eventName, entry.data);
  const waiting = table
    .all()
    .find((r) => r.MESSAGE_ID === messageId && r.PROCESS_ID === '' && r.CONNECTOR_ID === entry.connectorId);
  if (waiting) {
    waiting.TIMESTAMP_X = formatPortalDate(now);
    waiting.ERROR = 0;
    return waiting;
  }
  const id = table.nextId();
  return table.insert(id, {
    ID: id,
    TIMESTAMP_X: formatPortalDate(now),
    EVENT_NAME: entry.eventName,
    EVENT_DATA: entry.data,
    EVENT_ADDITIONAL: entry.additional,
    MESSAGE_ID: messageId,
    PROCESS_ID: '',
    ERROR: 0,
    CONNECTOR_ID: entry.connectorId,
  });
}

export interface TakeOptions {
  connectorId: string;
  filter: unknown;
  order: unknown;
  limit: number;
  errors: boolean;
}

/** Stamps up to `limit` free rows with a fresh process id and returns it. */
export function markEvents(store: Bitrix24Store, opts: TakeOptions): string {
  const processId = randomBytes(16).toString('hex');
  const terms = parseFilter(opts.filter, GET_FIELDS);
  offlineTable(store)
    .all()
    .filter(
      (r) =>
        r.PROCESS_ID === '' &&
        r.CONNECTOR_ID === opts.connectorId &&
        r.ERROR === (opts.errors ? 1 : 0) &&
        matchesFilter(r, terms),
    )
    .sort(orderBy(opts.order, GET_FIELDS, { TIMESTAMP_X: 'ASC' }))
    .slice(0, opts.limit)
    .forEach((r) => {
      r.PROCESS_ID = processId;
    });
  return processId;
}

export function rowsOfProcess(store: Bitrix24Store, processId: string, opts: TakeOptions): OfflineRow[] {
  const terms = parseFilter(opts.filter, GET_FIELDS);
  return offlineTable(store)
    .all()
    .filter(
      (r) => r.PROCESS_ID === processId && r.CONNECTOR_ID === opts.connectorId && matchesFilter(r, terms),
    )
    .sort(orderBy(opts.order, GET_FIELDS, { TIMESTAMP_X: 'ASC' }))
    .slice(0, opts.limit);
}

/** Deletes rows of a process; narrowed to the given MESSAGE_IDs or row ids when present. */
export function clearProcess(
  store: Bitrix24Store,
  processId: string,
  connectorId: string,
  only?: { messageIds?: string[]; ids?: number[] },
): number {
  const table = offlineTable(store);
  const doomed = table
    .all()
    .filter(
      (r) =>
        r.PROCESS_ID === processId &&
        r.CONNECTOR_ID === connectorId &&
        (!only?.messageIds || only.messageIds.includes(r.MESSAGE_ID)) &&
        (!only?.ids || only.ids.includes(r.ID)),
    );
  doomed.forEach((r) => table.delete(r.ID));
  return doomed.length;
}

/** Releases rows from the process and flags them ERROR=1, so only `event.offline.get {error: 1}` sees them. */
export function markError(
  store: Bitrix24Store,
  processId: string,
  connectorId: string,
  messageIds: string[],
): void {
  for (const r of offlineTable(store).all()) {
    if (r.PROCESS_ID === processId && r.CONNECTOR_ID === connectorId && messageIds.includes(r.MESSAGE_ID)) {
      r.PROCESS_ID = '';
      r.ERROR = 1;
    }
  }
}

/** The shape `event.offline.get` returns for a row. */
export function publicRow(r: OfflineRow) {
  return {
    ID: String(r.ID),
    TIMESTAMP_X: r.TIMESTAMP_X,
    EVENT_NAME: r.EVENT_NAME,
    EVENT_DATA: r.EVENT_DATA,
    EVENT_ADDITIONAL: r.EVENT_ADDITIONAL,
    MESSAGE_ID: r.MESSAGE_ID,
  };
}
