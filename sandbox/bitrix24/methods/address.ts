/**
 * crm.address.*: addresses have no id of their own — one address per (TYPE_ID, ENTITY_TYPE_ID, ENTITY_ID).
 * TYPE_ID 1 actual, 4 registration, 6 legal, 9 beneficiary, 11 delivery; ENTITY_TYPE_ID 8 is a requisite.
 */
import type { Row } from '../crm/model';
import { TABLES } from '../crm/model';
import { applyFilter, applyOrder, paginate, parseFilter, parseOrder, parseStart } from '../list-query';
import type { Bitrix24Store } from '../store';
import { legacyError, readId, readObject, readSelect, upperKeys } from './params';
import { value, type MethodHandler, type Params } from './types';

const ADDRESS_TYPES = new Set([1, 4, 6, 9, 11]);
/** Owner types and the table that must hold the owner. */
const OWNERS: Record<number, string> = { 3: TABLES.contacts, 4: TABLES.companies, 8: TABLES.requisites };
const ADDRESS_FIELDS = [
  'ADDRESS_1',
  'ADDRESS_2',
  'CITY',
  'POSTAL_CODE',
  'REGION',
  'PROVINCE',
  'COUNTRY',
  'COUNTRY_CODE',
  'LOC_ADDR_ID',
];

const addresses = (s: Bitrix24Store) => s.table<Row>(TABLES.addresses);

interface Key {
  typeId: number;
  entityTypeId: number;
  entityId: number;
}

function readKey(store: Bitrix24Store, fields: Row): Key {
  const typeId = readId(fields.TYPE_ID);
  if (typeId === undefined || !ADDRESS_TYPES.has(typeId))
    throw legacyError('TYPE_ID is not defined or invalid.');
  const entityTypeId = readId(fields.ENTITY_TYPE_ID);
  if (entityTypeId === undefined || !OWNERS[entityTypeId])
    throw legacyError('ENTITY_TYPE_ID is not defined or invalid.');
  const entityId = readId(fields.ENTITY_ID);
  if (entityId === undefined || !store.table<Row>(OWNERS[entityTypeId] ?? '').get(entityId)) {
    throw legacyError('ENTITY_ID is not defined or invalid.');
  }
  return { typeId, entityTypeId, entityId };
}

/** Internal id of the address stored under `key`, if any. */
function find(store: Bitrix24Store, key: Key): [number, Row] | undefined {
  for (const row of addresses(store).all()) {
    if (
      row.TYPE_ID === String(key.typeId) &&
      row.ENTITY_TYPE_ID === String(key.entityTypeId) &&
      row.ENTITY_ID === String(key.entityId)
    ) {
      return [Number(row._ROW), row];
    }
  }
  return undefined;
}

/**
 * onCrmAddressRegister (added) / onCrmAddressUnregister (deleted) carry the address key and its anchor; the
 * documentation lists no event for an update.
 */
function emit(store: Bitrix24Store, event: 'REGISTER' | 'UNREGISTER', row: Row): void {
  const { TYPE_ID, ENTITY_TYPE_ID, ENTITY_ID, ANCHOR_ID, ANCHOR_TYPE_ID } = row;
  store.emit({
    event: `ONCRMADDRESS${event}`,
    data: { FIELDS: { TYPE_ID, ENTITY_TYPE_ID, ENTITY_ID, ANCHOR_ID, ANCHOR_TYPE_ID } },
  });
}

function fieldsOf(params: Params): Row {
  const fields = readObject(params.FIELDS);
  if (!fields) throw legacyError("Parameter 'fields' must be array.");
  return upperKeys(fields);
}

function assign(row: Row, fields: Row): void {
  for (const name of ADDRESS_FIELDS)
    if (name in fields) row[name] = fields[name] === null ? null : String(fields[name]);
}

/** Requisite addresses are anchored to the requisite's owner (company/contact), as the docs show. */
function anchor(store: Bitrix24Store, key: Key): { ANCHOR_TYPE_ID: string; ANCHOR_ID: string } {
  if (key.entityTypeId !== 8)
    return { ANCHOR_TYPE_ID: String(key.entityTypeId), ANCHOR_ID: String(key.entityId) };
  const requisite = store.table<Row>(TABLES.requisites).get(key.entityId);
  return {
    ANCHOR_TYPE_ID: String(requisite?.ENTITY_TYPE_ID ?? ''),
    ANCHOR_ID: String(requisite?.ENTITY_ID ?? ''),
  };
}

const add: MethodHandler = (raw, ctx) => {
  const fields = fieldsOf(upperKeys(raw));
  const key = readKey(ctx.store, fields);
  if (find(ctx.store, key)) throw legacyError('TypeAddress exists.');
  const id = addresses(ctx.store).nextId();
  const row: Row = {
    _ROW: id,
    TYPE_ID: String(key.typeId),
    ENTITY_TYPE_ID: String(key.entityTypeId),
    ENTITY_ID: String(key.entityId),
  };
  for (const name of ADDRESS_FIELDS) row[name] = null;
  assign(row, fields);
  Object.assign(row, anchor(ctx.store, key));
  addresses(ctx.store).insert(id, row);
  emit(ctx.store, 'REGISTER', row);
  return value(true);
};

const update: MethodHandler = (raw, ctx) => {
  const fields = fieldsOf(upperKeys(raw));
  const found = find(ctx.store, readKey(ctx.store, fields));
  if (!found) throw legacyError('TypeAddress not found.');
  const row = { ...found[1] };
  assign(row, fields);
  addresses(ctx.store).insert(found[0], row);
  return value(true);
};

const remove: MethodHandler = (raw, ctx) => {
  const found = find(ctx.store, readKey(ctx.store, fieldsOf(upperKeys(raw))));
  if (!found) throw legacyError('TypeAddress not found.');
  addresses(ctx.store).delete(found[0]);
  emit(ctx.store, 'UNREGISTER', found[1]);
  return value(true);
};

const list: MethodHandler = (raw, ctx) => {
  const params = upperKeys(raw);
  const field = (row: Row, name: string): unknown => row[name.toUpperCase()];
  const conditions = parseFilter(params.FILTER, () => legacyError("Parameter 'filter' must be array."));
  const order = parseOrder(params.ORDER, () => legacyError("Parameter 'order' must be array."));
  const rows = applyOrder(applyFilter(addresses(ctx.store).all(), conditions, field), order, field);
  const select = readSelect(params.SELECT).map((s) => s.toUpperCase());
  const project = (row: Row): Row => {
    const { _ROW: _internal, ...visible } = row;
    return select.length === 0 || select.includes('*')
      ? visible
      : Object.fromEntries(select.map((n) => [n, visible[n] ?? null]));
  };
  return paginate(rows, parseStart(params.START), (page) => page.map(project));
};

export const addressMethods: Record<string, MethodHandler> = {
  'crm.address.add': add,
  'crm.address.update': update,
  'crm.address.list': list,
  'crm.address.delete': remove,
};
