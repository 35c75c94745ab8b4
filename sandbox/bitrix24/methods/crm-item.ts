/**
 * crm.item.* — the universal CRM methods: smart processes here, the built-in types 1–4 in crm-item-builtin.ts. camelCase fields, `useOriginalUfNames`,
 * categories and stages; every write raises ONCRMDYNAMICITEM{ADD,UPDATE,DELETE} with `{FIELDS: {ID, ENTITY_TYPE_ID}}`.
 */
import { applyItemFields, renderItem, storedFieldName } from '../crm/item-codec';
import { describeStandardField, describeUserField, ITEM_FIELDS } from '../crm/item-fields';
import { categoriesOf, items, typeByEntityTypeId, userFieldsOf, type Row, type TypeRow } from '../crm/model';
import { ufToCamel } from '../crm/uf-names';
import { paginate, parseFilter, parseOrder, parseStart, selectRows } from '../list-query';
import type { Bitrix24Store } from '../store';
import {
  builtInAdd,
  builtInDelete,
  builtInFields,
  builtInGet,
  builtInList,
  builtInType,
  builtInUpdate,
} from './crm-item-builtin';
import { isYes, readId, readObject, readSelect } from './params';
import { Bitrix24ApiError, value, type MethodHandler, type Params } from './types';

const notFound = (description: string): Bitrix24ApiError =>
  new Bitrix24ApiError('NOT_FOUND', description, 400);

function resolveType(store: Bitrix24Store, params: Params): TypeRow {
  const entityTypeId = readId(params.entityTypeId);
  const type = entityTypeId === undefined ? undefined : typeByEntityTypeId(store, entityTypeId);
  if (!type) throw notFound('SPA not found');
  return type;
}

function resolveItem(store: Bitrix24Store, type: TypeRow, params: Params): Row {
  const id = readId(params.id);
  const row = id === undefined ? undefined : items(store, type.entityTypeId).get(id);
  if (!row) throw notFound('Item not found');
  return row;
}

function readFields(params: Params): Record<string, unknown> {
  const fields = readObject(params.fields ?? {});
  if (!fields) throw new Bitrix24ApiError('INVALID_ARG_VALUE', 'Parameter "fields" must be an object', 400);
  return fields;
}

const emit = (store: Bitrix24Store, event: string, id: number, type: TypeRow): void =>
  store.emit({ event, data: { FIELDS: { ID: id, ENTITY_TYPE_ID: type.entityTypeId } } });

const add: MethodHandler = (params, ctx) => {
  const builtIn = builtInType(params);
  if (builtIn) return builtInAdd(builtIn, params, ctx);
  const type = resolveType(ctx.store, params);
  const fields = readFields(params);
  const table = items(ctx.store, type.entityTypeId);
  const row: Row = {};
  applyItemFields(ctx.store, type, row, fields, ctx.userId, true);
  const id = table.nextId();
  row.id = id;
  if (typeof row.title !== 'string' || row.title === '') row.title = `${type.title} #${id}`;
  table.insert(id, row);
  emit(ctx.store, 'ONCRMDYNAMICITEMADD', id, type);
  return value({ item: renderItem(ctx.store, type, row, isYes(params.useOriginalUfNames)) });
};

const update: MethodHandler = (params, ctx) => {
  const builtIn = builtInType(params);
  if (builtIn) return builtInUpdate(builtIn, params, ctx);
  const type = resolveType(ctx.store, params);
  const existing = resolveItem(ctx.store, type, params);
  const fields = readFields(params);
  const row: Row = { ...existing };
  applyItemFields(ctx.store, type, row, fields, ctx.userId, false);
  items(ctx.store, type.entityTypeId).insert(Number(row.id), row);
  emit(ctx.store, 'ONCRMDYNAMICITEMUPDATE', Number(row.id), type);
  return value({ item: renderItem(ctx.store, type, row, isYes(params.useOriginalUfNames)) });
};

const get: MethodHandler = (params, ctx) => {
  const builtIn = builtInType(params);
  if (builtIn) return builtInGet(builtIn, params, ctx);
  const type = resolveType(ctx.store, params);
  const row = resolveItem(ctx.store, type, params);
  return value({ item: renderItem(ctx.store, type, row, isYes(params.useOriginalUfNames)) });
};

const remove: MethodHandler = (params, ctx) => {
  const builtIn = builtInType(params);
  if (builtIn) return builtInDelete(builtIn, params, ctx);
  const type = resolveType(ctx.store, params);
  const row = resolveItem(ctx.store, type, params);
  items(ctx.store, type.entityTypeId).delete(Number(row.id));
  emit(ctx.store, 'ONCRMDYNAMICITEMDELETE', Number(row.id), type);
  return value([]);
};

const list: MethodHandler = (params, ctx) => {
  const builtIn = builtInType(params);
  if (builtIn) return builtInList(builtIn, params, ctx);
  const type = resolveType(ctx.store, params);
  const useOriginal = isYes(params.useOriginalUfNames);
  const fieldOf = (name: string, what: 'filter' | 'order'): string => {
    const stored = storedFieldName(ctx.store, type, name);
    if (!stored) {
      throw new Bitrix24ApiError(
        'INVALID_ARG_VALUE',
        `Invalid ${what}: field '${name}' is not allowed in ${what}`,
        400,
      );
    }
    return stored;
  };
  const conditions = parseFilter(
    params.filter,
    () => new Bitrix24ApiError('INVALID_ARG_VALUE', 'Invalid filter', 400),
  ).map((c) => ({ ...c, field: fieldOf(c.field, 'filter') }));
  const order = parseOrder(params.order, (field, dir) =>
    field === ''
      ? new Bitrix24ApiError('INVALID_ARG_VALUE', 'Invalid order', 400)
      : new Bitrix24ApiError(
          'INVALID_ARG_VALUE',
          `Invalid order: allowed sort directions are ASC, DESC. But got '${dir}' for field '${field}'`,
          400,
        ),
  ).map((t) => ({ ...t, field: fieldOf(t.field, 'order') }));
  const getField = (row: Row, field: string): unknown =>
    field === 'entityTypeId' ? type.entityTypeId : row[field];
  const start = parseStart(params.start);
  const table = items(ctx.store, type.entityTypeId);
  const rows = selectRows(table.inOrder(), { conditions, order, start }, 'id', getField);
  const select = readSelect(params.select);
  return paginate(rows, start, (page) => ({
    items: page.map((row) => renderItem(ctx.store, type, row, useOriginal, select)),
  }));
};

const fields: MethodHandler = (params, ctx) => {
  const builtIn = builtInType(params);
  if (builtIn) return builtInFields(builtIn, params, ctx);
  const type = resolveType(ctx.store, params);
  const useOriginal = isYes(params.useOriginalUfNames);
  const defaultCategory = categoriesOf(ctx.store, type.entityTypeId).find((c) => c.isDefault === 'Y');
  const out: Record<string, unknown> = {};
  for (const def of ITEM_FIELDS)
    out[def.name] = describeStandardField(def, type.entityTypeId, defaultCategory?.id ?? 0);
  for (const uf of userFieldsOf(ctx.store, `CRM_${type.id}`)) {
    const described = describeUserField(uf);
    out[useOriginal ? uf.FIELD_NAME : ufToCamel(uf.FIELD_NAME)] = described;
  }
  return value({ fields: out });
};

export const crmItemMethods: Record<string, MethodHandler> = {
  'crm.item.add': add,
  'crm.item.update': update,
  'crm.item.get': get,
  'crm.item.list': list,
  'crm.item.delete': remove,
  'crm.item.fields': fields,
};
