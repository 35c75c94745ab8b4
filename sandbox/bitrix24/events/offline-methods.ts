/**
 * `event.offline.*`: reading the offline queue (get, with or without clearing), confirming (clear), parking
 * failures (error) and inspecting everything (list) — the semantics of the portal's rest module.
 */
import type { MethodHandler } from '../methods/types';
import { value } from '../methods/types';
import { argumentError, asList, nullArgument, requireAdmin, text } from './method-support';
import {
  clearProcess,
  LIST_FIELDS,
  markError,
  markEvents,
  offlineTable,
  publicRow,
  rowsOfProcess,
} from './offline-queue';
import { matchesFilter, orderBy, parseFilter } from './row-filter';

const offlineGet: MethodHandler = (params, ctx) => {
  const q = requireAdmin(params, ctx);
  const clear = q.clear === undefined ? 1 : Math.trunc(Number(q.clear)) || 0;
  const limit = q.limit === undefined ? 50 : Math.trunc(Number(q.limit)) || 0;
  if (limit <= 0) throw argumentError('Value must be positive integer');
  const opts = {
    connectorId: text(q.auth_connector),
    filter: q.filter,
    order: q.order,
    limit,
    errors: Number(q.error) === 1,
  };
  const given = q.process_id === undefined ? undefined : text(q.process_id);
  const processId = given ?? markEvents(ctx.store, opts);
  const rows = rowsOfProcess(ctx.store, processId, opts);
  if (clear && rows.length > 0) clearProcess(ctx.store, processId, opts.connectorId);
  const returnProcessId = !clear || given !== undefined;
  return value({ process_id: returnProcessId ? processId : null, events: rows.map(publicRow) });
};

const offlineClear: MethodHandler = (params, ctx) => {
  const q = requireAdmin(params, ctx);
  if (q.process_id === undefined) throw nullArgument('PROCESS_ID');
  const connector = text(q.auth_connector);
  if (q.message_id !== undefined) {
    const list = asList(q.message_id);
    if (!list || list.some((m) => text(m).length !== 32))
      throw argumentError('Value must be array of MESSAGE_ID values');
    clearProcess(ctx.store, text(q.process_id), connector, { messageIds: list.map(text) });
  } else if (q.id !== undefined) {
    const ids = asList(q.id)?.map((v) => Math.trunc(Number(v)));
    if (!ids || ids.some((id) => !(id > 0))) throw argumentError('Value must be array of integers');
    clearProcess(ctx.store, text(q.process_id), connector, { ids });
  } else clearProcess(ctx.store, text(q.process_id), connector);
  return value(true);
};

const offlineError: MethodHandler = (params, ctx) => {
  const q = requireAdmin(params, ctx);
  if (q.process_id === undefined) throw nullArgument('PROCESS_ID');
  const list = asList(q.message_id);
  if (!list) throw argumentError('Value must be array of MESSAGE_ID values');
  if (list.length > 0) markError(ctx.store, text(q.process_id), text(q.auth_connector), list.map(text));
  return value(true);
};

const offlineList: MethodHandler = (params, ctx) => {
  const q = requireAdmin(params, ctx);
  const terms = parseFilter(q.filter, LIST_FIELDS);
  const connector = text(q.auth_connector);
  const rows = offlineTable(ctx.store)
    .all()
    .filter((r) => r.CONNECTOR_ID === connector && matchesFilter(r, terms))
    .sort(orderBy(q.order, LIST_FIELDS, { ID: 'ASC' }));
  const start = Math.max(0, Math.trunc(Number(q.start ?? 0)) || 0);
  const page = rows.slice(start, start + 50).map((r) => ({
    ...publicRow(r),
    PROCESS_ID: r.PROCESS_ID,
    ERROR: String(r.ERROR),
  }));
  const next = start + 50 < rows.length ? start + 50 : undefined;
  return { kind: 'list', result: page, total: rows.length, ...(next !== undefined ? { next } : {}) };
};

export const offlineEventMethods: Record<string, MethodHandler> = {
  'event.offline.get': offlineGet,
  'event.offline.clear': offlineClear,
  'event.offline.error': offlineError,
  'event.offline.list': offlineList,
};
