/**
 * `crm.activity.*` (legacy, UPPER_CASE, ids as strings, errors as `{"error": "", "error_description": …}`) and
 * the newer `crm.activity.todo.add` (camelCase, `{id}`), both over one activities table, and the bindings
 * (`crm.activity.binding.*`, activity-binding.ts). Adds raise
 * ONCRMACTIVITYADD, updates and deletes their counterparts, carrying only the id as Bitrix24 does.
 */
import { formatPortalDate, parseClientDate } from '../dates';
import { activityBindingMethods, EXTRA_BINDINGS } from './activity-binding';
import { applyFilter, applyOrder, parseFilter, parseOrder, parseStart, paginate } from '../list-query';
import type { Bitrix24Store } from '../store';
import { crmObjectExists } from './timeline';
import { Bitrix24ApiError, type MethodHandler, type Params, value } from './types';
import { userExists } from './users';

type Row = Record<string, unknown>;

const TABLE = 'crm.activity';
const activities = (store: Bitrix24Store) => store.table<Row>(TABLE);

/** Providers the portal records for the classic types: 1 meeting, 2 call, 4 email, 6 provider (to-do). */
const PROVIDERS: Record<string, [string, string, string]> = {
  '1': ['CRM_MEETING', 'MEETING', ''],
  '2': ['VOXIMPLANT_CALL', 'CALL', 'PHONE'],
  '4': ['CRM_EMAIL', 'EMAIL', 'EMAIL'],
};

const legacy = (text: string) => new Bitrix24ApiError('', text, 400);
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const date = (v: unknown) => {
  const parsed = parseClientDate(v);
  return parsed ? formatPortalDate(parsed) : '';
};

function fieldsOf(params: Params): Row {
  const f = params.fields ?? params.FIELDS;
  if (!f || typeof f !== 'object' || Array.isArray(f))
    throw legacy('The parameter fields is not defined or invalid.');
  return f as Row;
}

function communicationsOf(raw: unknown, activityId: number, kind: string): Row[] {
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : [];
  return list
    .filter((c): c is Row => Boolean(c) && typeof c === 'object')
    .map((c, i) => ({
      ID: String(activityId * 100 + i + 1),
      ACTIVITY_ID: String(activityId),
      ENTITY_ID: str(c.ENTITY_ID),
      ENTITY_TYPE_ID: str(c.ENTITY_TYPE_ID),
      TYPE: str(c.TYPE ?? kind),
      VALUE: str(c.VALUE),
    }));
}

function emit(store: Bitrix24Store, op: 'ADD' | 'UPDATE' | 'DELETE', id: number): void {
  store.emit({ event: `ONCRMACTIVITY${op}`, data: { FIELDS: { ID: id } } });
}

function baseRow(id: number, userId: number): Row {
  const now = formatPortalDate(new Date());
  return {
    ID: String(id),
    OWNER_ID: '',
    OWNER_TYPE_ID: '',
    TYPE_ID: '',
    PROVIDER_ID: '',
    PROVIDER_TYPE_ID: '',
    PROVIDER_GROUP_ID: null,
    ASSOCIATED_ENTITY_ID: '0',
    SUBJECT: '',
    CREATED: now,
    LAST_UPDATED: now,
    START_TIME: '',
    END_TIME: '',
    DEADLINE: '',
    COMPLETED: 'N',
    STATUS: '1',
    RESPONSIBLE_ID: String(userId),
    PRIORITY: '2',
    NOTIFY_TYPE: '1',
    NOTIFY_VALUE: '15',
    DESCRIPTION: '',
    DESCRIPTION_TYPE: '1',
    DIRECTION: '0',
    LOCATION: '',
    SETTINGS: [],
    ORIGINATOR_ID: null,
    ORIGIN_ID: null,
    AUTHOR_ID: String(userId),
    EDITOR_ID: String(userId),
    PROVIDER_PARAMS: [],
    PROVIDER_DATA: null,
    RESULT_MARK: '0',
    RESULT_VALUE: null,
    RESULT_SUM: null,
    RESULT_CURRENCY_ID: null,
    RESULT_STATUS: '0',
    RESULT_STREAM: '0',
    RESULT_SOURCE_ID: null,
    AUTOCOMPLETE_RULE: '0',
    COMMUNICATIONS: [],
  };
}

/** Copies writable fields onto a row, normalising the way the portal stores them. */
function applyFields(row: Row, f: Row): void {
  const plain = ['SUBJECT', 'DESCRIPTION', 'LOCATION', 'ORIGINATOR_ID', 'ORIGIN_ID', 'PROVIDER_DATA'];
  for (const key of plain) if (f[key] !== undefined) row[key] = str(f[key]);
  const numeric = [
    'OWNER_ID',
    'OWNER_TYPE_ID',
    'TYPE_ID',
    'DIRECTION',
    'PRIORITY',
    'RESPONSIBLE_ID',
    'DESCRIPTION_TYPE',
    'STATUS',
    'ASSOCIATED_ENTITY_ID',
    'NOTIFY_TYPE',
    'NOTIFY_VALUE',
  ];
  for (const key of numeric) if (f[key] !== undefined) row[key] = str(f[key]);
  for (const key of ['START_TIME', 'END_TIME']) if (f[key] !== undefined) row[key] = date(f[key]);
  if (f.COMPLETED !== undefined) {
    row.COMPLETED = f.COMPLETED === 'Y' || f.COMPLETED === true || f.COMPLETED === '1' ? 'Y' : 'N';
    row.STATUS = row.COMPLETED === 'Y' ? '2' : '1';
  }
  if (f.SETTINGS && typeof f.SETTINGS === 'object') row.SETTINGS = f.SETTINGS;
  const provider = PROVIDERS[str(row.TYPE_ID)];
  if (provider && f.PROVIDER_ID === undefined) [row.PROVIDER_ID, row.PROVIDER_TYPE_ID] = provider;
  // The deadline is not writable: calls and meetings take it from START_TIME, the rest from END_TIME.
  row.DEADLINE = row.TYPE_ID === '1' || row.TYPE_ID === '2' ? row.START_TIME : row.END_TIME;
}

const add: MethodHandler = (params, ctx) => {
  const f = fieldsOf(params);
  const typeId = str(f.TYPE_ID);
  if (!PROVIDERS[typeId]) throw legacy('The field TYPE_ID is not defined or invalid');
  if (str(f.SUBJECT).trim() === '') throw legacy('The field SUBJECT is not defined or empty');
  if (f.RESPONSIBLE_ID !== undefined && !userExists(ctx.store, f.RESPONSIBLE_ID)) {
    throw legacy('The field RESPONSIBLE_ID is not defined or invalid');
  }
  const table = activities(ctx.store);
  const id = table.nextId();
  const kind = (PROVIDERS[typeId] as [string, string, string])[2];
  const communications = communicationsOf(f.COMMUNICATIONS, id, kind);
  if (communications.length === 0) throw legacy('The field COMMUNICATIONS is not defined or invalid');
  if (typeId === '2' && communications.length > 1) {
    throw legacy('The only one communication is allowed for activity of specified type');
  }
  const ownerTypeId = Number(f.OWNER_TYPE_ID);
  const ownerId = Number(f.OWNER_ID);
  if (!f.OWNER_TYPE_ID || !f.OWNER_ID) {
    throw legacy(
      'Could not build binding. Please ensure that owner info and communications are defined correctly',
    );
  }
  if (!crmObjectExists(ctx.store, ownerTypeId, ownerId)) throw legacy('Access denied.');
  const row = baseRow(id, ctx.userId);
  applyFields(row, f);
  row.COMMUNICATIONS = communications;
  table.insert(id, row);
  emit(ctx.store, 'ADD', id);
  return value(id);
};

function existing(params: Params, store: Bitrix24Store): [number, Row] {
  const id = Number(params.id ?? params.ID);
  if (!Number.isInteger(id) || id <= 0) throw legacy('ID is not defined or invalid.');
  const row = activities(store).get(id);
  if (!row) throw legacy('Activity is not found');
  return [id, row];
}

/** What get/list print: everything but COMMUNICATIONS, which list returns only when selected. */
function publicActivity(row: Row, withCommunications = false): Row {
  const { COMMUNICATIONS, [EXTRA_BINDINGS]: _bindings, ...rest } = row;
  return withCommunications ? { ...rest, COMMUNICATIONS } : rest;
}

const get: MethodHandler = (params, ctx) => value(publicActivity(existing(params, ctx.store)[1]));

const list: MethodHandler = (params, ctx) => {
  const invalid = () => legacy('Invalid filter.');
  const filter = parseFilter(params.filter, invalid).filter((c) => c.field.toUpperCase() !== 'BINDINGS');
  const order = parseOrder(params.order, () => invalid());
  const read = (row: Row, field: string) => row[field.toUpperCase()];
  const filtered = applyFilter(activities(ctx.store).all(), filter, read);
  const rows = applyOrder(filtered, order.length > 0 ? order : [{ field: 'START_TIME', desc: false }], read);
  const select = Array.isArray(params.select) ? params.select.map((s) => String(s).toUpperCase()) : [];
  const shape = (row: Row): Row => {
    const full = publicActivity(row, select.includes('COMMUNICATIONS'));
    if (select.length === 0 || select.includes('*')) return full;
    return Object.fromEntries(Object.entries(full).filter(([k]) => k === 'ID' || select.includes(k)));
  };
  return paginate(rows, parseStart(params.start), (page) => page.map(shape));
};

const update: MethodHandler = (params, ctx) => {
  const [id, row] = existing(params, ctx.store);
  const f = fieldsOf(params);
  applyFields(row, f);
  if (f.COMMUNICATIONS !== undefined)
    row.COMMUNICATIONS = communicationsOf(f.COMMUNICATIONS, id, str(row.PROVIDER_TYPE_ID));
  row.LAST_UPDATED = formatPortalDate(new Date());
  row.EDITOR_ID = String(ctx.userId);
  emit(ctx.store, 'UPDATE', id);
  return value(true);
};

const remove: MethodHandler = (params, ctx) => {
  const [id] = existing(params, ctx.store);
  activities(ctx.store).delete(id);
  emit(ctx.store, 'DELETE', id);
  return value(true);
};

const todoAdd: MethodHandler = (params, ctx) => {
  for (const name of ['ownerTypeId', 'ownerId', 'deadline']) {
    if (params[name] === undefined || params[name] === '') {
      throw new Bitrix24ApiError('100', `Could not find value for parameter {${name}}`, 400);
    }
  }
  const deadline = parseClientDate(params.deadline);
  if (!deadline) throw new Bitrix24ApiError('WRONG_DATETIME_FORMAT', 'Wrong datetime format.', 400);
  if (!crmObjectExists(ctx.store, Number(params.ownerTypeId), Number(params.ownerId))) {
    throw new Bitrix24ApiError('NOT_FOUND', 'Not found.', 400);
  }
  const table = activities(ctx.store);
  const id = table.nextId();
  const row = baseRow(id, ctx.userId);
  Object.assign(row, {
    OWNER_TYPE_ID: str(params.ownerTypeId),
    OWNER_ID: str(params.ownerId),
    TYPE_ID: '6',
    PROVIDER_ID: 'CRM_TODO',
    PROVIDER_TYPE_ID: 'TODO',
    SUBJECT: str(params.title),
    DESCRIPTION: str(params.description),
    RESPONSIBLE_ID: str(params.responsibleId ?? ctx.userId),
    START_TIME: formatPortalDate(deadline),
    END_TIME: formatPortalDate(deadline),
    DEADLINE: formatPortalDate(deadline),
  });
  table.insert(id, row);
  emit(ctx.store, 'ADD', id);
  return value({ id });
};

export const activityMethods: Record<string, MethodHandler> = {
  'crm.activity.add': add,
  'crm.activity.get': get,
  'crm.activity.list': list,
  'crm.activity.update': update,
  'crm.activity.delete': remove,
  'crm.activity.todo.add': todoAdd,
  ...activityBindingMethods,
};
