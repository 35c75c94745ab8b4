/**
 * crm.requisite.* and crm.requisite.preset.list: company/contact requisites (INN, KPP, OGRN, names).
 * Legacy conventions: UPPER_CASE, ids as strings in rows, errors with an empty code.
 */
import { formatPortalDate } from '../dates';
import type { Row } from '../crm/model';
import { TABLES } from '../crm/model';
import { applyFilter, applyOrder, paginate, parseFilter, parseOrder, parseStart } from '../list-query';
import type { Bitrix24Store } from '../store';
import { legacyError, readId, readObject, readSelect, upperKeys } from './params';
import { value, type MethodHandler, type Params } from './types';

/** Owner types a requisite may belong to: 3 contact, 4 company. */
const OWNER_TABLES: Record<number, string> = { 3: TABLES.contacts, 4: TABLES.companies };

const BASE_FIELDS = [
  'ENTITY_TYPE_ID',
  'ENTITY_ID',
  'PRESET_ID',
  'NAME',
  'CODE',
  'XML_ID',
  'ORIGINATOR_ID',
  'ACTIVE',
  'ADDRESS_ONLY',
  'SORT',
];

const requisites = (s: Bitrix24Store) => s.table<Row>(TABLES.requisites);

/** onCrmRequisiteAdd/Update/Delete carry the requisite id only, like every CRM event. */
const emit = (store: Bitrix24Store, op: 'ADD' | 'UPDATE' | 'DELETE', id: number): void =>
  store.emit({ event: `ONCRMREQUISITE${op}`, data: { FIELDS: { ID: id } } });
const presets = (s: Bitrix24Store) => s.table<Row>(TABLES.presets);

const wire = (v: unknown): unknown =>
  v === null || v === undefined ? null : typeof v === 'object' ? v : String(v);

function assign(row: Row, fields: Row): void {
  for (const [rawName, raw] of Object.entries(fields)) {
    const name = rawName.toUpperCase();
    if (BASE_FIELDS.includes(name) || name.startsWith('RQ_') || name.startsWith('UF_')) row[name] = wire(raw);
  }
}

/** Checks owner and preset of a (new or updated) requisite row. */
function validate(store: Bitrix24Store, row: Row): void {
  const entityTypeId = readId(row.ENTITY_TYPE_ID);
  if (entityTypeId === undefined || !OWNER_TABLES[entityTypeId])
    throw legacyError('ENTITY_TYPE_ID is not defined or invalid.');
  const entityId = readId(row.ENTITY_ID);
  if (entityId === undefined) throw legacyError('ENTITY_ID is not defined or invalid.');
  const presetId = readId(row.PRESET_ID);
  if (presetId === undefined || !presets(store).get(presetId))
    throw legacyError('PRESET_ID is not defined or invalid.');
  if (!store.table<Row>(OWNER_TABLES[entityTypeId] ?? '').get(entityId))
    throw legacyError('Entity not found.');
}

function requireRequisite(store: Bitrix24Store, params: Params): Row {
  const id = readId(params.ID);
  if (id === undefined) throw legacyError('ID is not defined or invalid.');
  const row = requisites(store).get(id);
  if (!row) throw legacyError(`The Requisite with ID '${id}' is not found`);
  return row;
}

const requireFields = (params: Params): Row => {
  const fields = readObject(params.FIELDS);
  if (!fields) throw legacyError("Parameter 'fields' must be array.");
  return fields;
};

const add: MethodHandler = (raw, ctx) => {
  const fields = requireFields(upperKeys(raw));
  const row: Row = {
    ACTIVE: 'Y',
    ADDRESS_ONLY: 'N',
    SORT: '500',
    CODE: null,
    XML_ID: null,
    ORIGINATOR_ID: null,
  };
  assign(row, fields);
  validate(ctx.store, row);
  const id = requisites(ctx.store).nextId();
  row.ID = String(id);
  row.NAME ??= String(presets(ctx.store).get(Number(row.PRESET_ID))?.NAME ?? '');
  row.DATE_CREATE = formatPortalDate(new Date());
  row.DATE_MODIFY = '';
  row.CREATED_BY_ID = String(ctx.userId);
  row.MODIFY_BY_ID = null;
  requisites(ctx.store).insert(id, row);
  emit(ctx.store, 'ADD', id);
  return value(id);
};

const update: MethodHandler = (raw, ctx) => {
  const params = upperKeys(raw);
  const existing = requireRequisite(ctx.store, params);
  const row = { ...existing };
  assign(row, requireFields(params));
  validate(ctx.store, row);
  row.DATE_MODIFY = formatPortalDate(new Date());
  row.MODIFY_BY_ID = String(ctx.userId);
  requisites(ctx.store).insert(Number(row.ID), row);
  emit(ctx.store, 'UPDATE', Number(row.ID));
  return value(true);
};

const get: MethodHandler = (raw, ctx) => value(requireRequisite(ctx.store, upperKeys(raw)));

const remove: MethodHandler = (raw, ctx) => {
  const row = requireRequisite(ctx.store, upperKeys(raw));
  requisites(ctx.store).delete(Number(row.ID));
  emit(ctx.store, 'DELETE', Number(row.ID));
  return value(true);
};

function listOf(table: (s: Bitrix24Store) => ReturnType<typeof requisites>): MethodHandler {
  return (raw, ctx) => {
    const params = upperKeys(raw);
    const field = (row: Row, name: string): unknown => row[name.toUpperCase()];
    const conditions = parseFilter(params.FILTER, () => legacyError("Parameter 'filter' must be array."));
    const order = parseOrder(params.ORDER, () => legacyError("Parameter 'order' must be array."));
    const rows = applyOrder(
      applyFilter(table(ctx.store).all(), conditions, field),
      order.length ? order : [{ field: 'ID', desc: false }],
      field,
    );
    const select = readSelect(params.SELECT).map((s) => s.toUpperCase());
    const project = (row: Row): Row =>
      select.length === 0 || select.includes('*')
        ? row
        : Object.fromEntries(select.map((name) => [name, row[name] ?? null]));
    return paginate(rows, parseStart(params.START), (page) => page.map(project));
  };
}

export const requisiteMethods: Record<string, MethodHandler> = {
  'crm.requisite.add': add,
  'crm.requisite.update': update,
  'crm.requisite.get': get,
  'crm.requisite.list': listOf(requisites),
  'crm.requisite.delete': remove,
  'crm.requisite.preset.list': listOf(presets),
};
