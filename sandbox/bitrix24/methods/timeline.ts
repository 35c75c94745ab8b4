/**
 * `crm.timeline.comment.*`: comments on a CRM object's timeline. The owner is named by `ENTITY_TYPE`
 * (`company`, `contact`, `dynamic_1038`, …) and `ENTITY_ID`, and must exist. Errors follow the docs: the
 * D7-style codes (`NOT_FOUND`, `INVALID_ARG_VALUE`, `100`) on add/update/delete, the legacy empty code on get.
 */
import { TABLES, items } from '../crm/model';
import { formatPortalDate } from '../dates';
import { applyFilter, applyOrder, parseFilter, parseOrder, parseStart, paginate } from '../list-query';
import type { Bitrix24Store } from '../store';
import { Bitrix24ApiError, type MethodHandler, type Params, value } from './types';

export interface CommentRow extends Record<string, unknown> {
  ID: string;
  ENTITY_ID: string;
  ENTITY_TYPE: string;
  CREATED: string;
  COMMENT: string;
  AUTHOR_ID: string;
}

const TABLE = 'crm.timeline.comment';
const commentsOf = (store: Bitrix24Store) => store.table<CommentRow>(TABLE);

const SYSTEM_TYPES: Record<string, number> = {
  lead: 1,
  deal: 2,
  contact: 3,
  company: 4,
  quote: 7,
  smart_invoice: 31,
};

/** `company` → 4, `dynamic_1038` → 1038; undefined for names the portal does not know. */
export function entityTypeIdOf(name: string): number | undefined {
  const lower = name.toLowerCase();
  const dynamic = /^dynamic_(\d+)$/.exec(lower);
  if (dynamic) return Number(dynamic[1]);
  return SYSTEM_TYPES[lower];
}

/** Whether a CRM object exists, by entityTypeId (3 contact, 4 company, ≥128 smart process, …) and id. */
export function crmObjectExists(store: Bitrix24Store, entityTypeId: number, id: number): boolean {
  if (!Number.isInteger(id) || id <= 0) return false;
  if (entityTypeId === 3) return store.table(TABLES.contacts).get(id) !== undefined;
  if (entityTypeId === 4) return store.table(TABLES.companies).get(id) !== undefined;
  if (entityTypeId === 1) return store.table('crm.lead').get(id) !== undefined;
  if (entityTypeId === 2) return store.table('crm.deal').get(id) !== undefined;
  return items(store, entityTypeId).get(id) !== undefined;
}

const notFound = () => new Bitrix24ApiError('NOT_FOUND', 'Not found.', 400);
const required = (name: string) =>
  new Bitrix24ApiError('100', `Could not find value for parameter {${name}}`, 400);
const emptyComment = () => new Bitrix24ApiError('INVALID_ARG_VALUE', 'Empty comment.', 400);

function fieldsOf(params: Params): Record<string, unknown> | undefined {
  const fields = params.fields;
  return fields && typeof fields === 'object' && !Array.isArray(fields)
    ? (fields as Record<string, unknown>)
    : undefined;
}

function commentId(params: Params): number {
  const id = Number(params.id ?? params.ID);
  return Number.isInteger(id) && id > 0 ? id : 0;
}

const add: MethodHandler = (params, ctx) => {
  const fields = fieldsOf(params);
  if (!fields) throw required('fields');
  const type = String(fields.ENTITY_TYPE ?? '').trim();
  const entityId = Number(fields.ENTITY_ID);
  const typeId = entityTypeIdOf(type);
  if (type === '' || !fields.ENTITY_ID) throw required(type === '' ? 'ENTITY_TYPE' : 'ENTITY_ID');
  if (typeId === undefined || !crmObjectExists(ctx.store, typeId, entityId)) throw notFound();
  const comment = String(fields.COMMENT ?? '').trim();
  if (comment === '') throw emptyComment();
  const table = commentsOf(ctx.store);
  const id = table.nextId();
  table.insert(id, {
    ID: String(id),
    ENTITY_ID: String(entityId),
    ENTITY_TYPE: type.toLowerCase(),
    CREATED: formatPortalDate(new Date()),
    COMMENT: comment,
    AUTHOR_ID: String(ctx.userId),
  });
  return value(id);
};

const get: MethodHandler = (params, ctx) => {
  const id = commentId(params);
  if (!id) throw new Bitrix24ApiError('', 'ID is not defined or invalid.', 400);
  const row = commentsOf(ctx.store).get(id);
  if (!row) throw new Bitrix24ApiError('', 'Not found.', 400);
  return value(row);
};

const list: MethodHandler = (params, ctx) => {
  const invalid = () => new Bitrix24ApiError('', 'Invalid filter.', 400);
  const filter = parseFilter(params.filter, invalid);
  const allowedOrder = ['ID', 'CREATED', 'AUTHOR_ID'];
  const order = parseOrder(params.order, () => invalid()).filter((t) =>
    allowedOrder.includes(t.field.toUpperCase()),
  );
  const get = (row: CommentRow, field: string) =>
    field.toUpperCase() === 'ENTITY_TYPE' ? String(row.ENTITY_TYPE) : row[field.toUpperCase()];
  const filtered = applyFilter(
    commentsOf(ctx.store).all(),
    filter.map((c) =>
      c.field.toUpperCase() === 'ENTITY_TYPE' ? { ...c, value: String(c.value).toLowerCase() } : c,
    ),
    get,
  );
  const rows = applyOrder(filtered, order, get);
  const select = Array.isArray(params.select) ? params.select.map((s) => String(s).toUpperCase()) : [];
  const pick = (row: CommentRow) =>
    select.length === 0 || select.includes('*') ? row : Object.fromEntries(select.map((f) => [f, row[f]]));
  return paginate(rows, parseStart(params.start), (page) => page.map(pick));
};

const update: MethodHandler = (params, ctx) => {
  const id = commentId(params);
  if (!id) throw required('id');
  const fields = fieldsOf(params);
  if (!fields) throw required('fields');
  const row = commentsOf(ctx.store).get(id);
  if (!row) throw notFound();
  if (fields.COMMENT !== undefined) {
    const comment = String(fields.COMMENT).trim();
    if (comment === '') throw emptyComment();
    row.COMMENT = comment;
  }
  return value(id);
};

const remove: MethodHandler = (params, ctx) => {
  const id = commentId(params);
  if (!id) throw required('id');
  if (!commentsOf(ctx.store).delete(id)) throw notFound();
  return value(null);
};

export const timelineMethods: Record<string, MethodHandler> = {
  'crm.timeline.comment.add': add,
  'crm.timeline.comment.get': get,
  'crm.timeline.comment.list': list,
  'crm.timeline.comment.update': update,
  'crm.timeline.comment.delete': remove,
};
