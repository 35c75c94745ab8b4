/**
 * crm.type.* (smart-process types, read-only here) and crm.category.* (their pipelines).
 */
import {
  categories,
  categoriesOf,
  typeByEntityTypeId,
  types,
  type CategoryRow,
  type TypeRow,
} from '../crm/model';
import { applyFilter, applyOrder, paginate, parseFilter, parseOrder, parseStart } from '../list-query';
import { readId } from './params';
import { Bitrix24ApiError, value, type MethodHandler } from './types';

const notFound = (what: string): Bitrix24ApiError =>
  new Bitrix24ApiError('NOT_FOUND', `${what} not found`, 400);
const invalidArg = (text: string): Bitrix24ApiError => new Bitrix24ApiError('INVALID_ARG_VALUE', text, 400);
const field = (row: TypeRow | CategoryRow, name: string): unknown => row[name];

const typeList: MethodHandler = (params, ctx) => {
  const conditions = parseFilter(params.filter, () => invalidArg('Invalid filter'));
  const order = parseOrder(params.order, (f, d) => invalidArg(`Invalid order: '${d}' for field '${f}'`));
  const rows = applyOrder(applyFilter(types(ctx.store).all(), conditions, field), order, field);
  return paginate(rows, parseStart(params.start), (page) => ({ types: page }));
};

const typeGet: MethodHandler = (params, ctx) => {
  const id = readId(params.id);
  const type = id === undefined ? undefined : types(ctx.store).get(id);
  if (!type) throw notFound('SPA');
  return value({ type });
};

const typeGetByEntityTypeId: MethodHandler = (params, ctx) => {
  const entityTypeId = readId(params.entityTypeId);
  const type = entityTypeId === undefined ? undefined : typeByEntityTypeId(ctx.store, entityTypeId);
  if (!type) throw notFound('SPA');
  return value({ type });
};

const typeFields: MethodHandler = () => {
  const describe = (type: string, title: string, readOnly = false) => ({
    type,
    isRequired: false,
    isReadOnly: readOnly,
    isImmutable: false,
    isMultiple: false,
    isDynamic: false,
    title,
  });
  return value({
    fields: {
      id: describe('integer', 'ID', true),
      title: describe('string', 'Title'),
      code: describe('string', 'Code'),
      entityTypeId: describe('integer', 'Entity type ID'),
      isCategoriesEnabled: describe('boolean', 'Use pipelines'),
      isStagesEnabled: describe('boolean', 'Use stages'),
      isClientEnabled: describe('boolean', 'Client field'),
      createdTime: describe('datetime', 'Created on', true),
      updatedTime: describe('datetime', 'Updated on', true),
      createdBy: describe('user', 'Created by', true),
      updatedBy: describe('user', 'Updated by', true),
    },
  });
};

function requireType(entityTypeIdRaw: unknown, ctx: Parameters<MethodHandler>[1]): TypeRow {
  const entityTypeId = readId(entityTypeIdRaw);
  const type = entityTypeId === undefined ? undefined : typeByEntityTypeId(ctx.store, entityTypeId);
  if (!type) throw notFound('SPA');
  return type;
}

const categoryList: MethodHandler = (params, ctx) => {
  const type = requireType(params.entityTypeId, ctx);
  return paginate(categoriesOf(ctx.store, type.entityTypeId), parseStart(params.start), (page) => ({
    categories: page,
  }));
};

const categoryGet: MethodHandler = (params, ctx) => {
  const type = requireType(params.entityTypeId, ctx);
  const id = readId(params.id);
  const category = id === undefined ? undefined : categories(ctx.store).get(id);
  if (!category || category.entityTypeId !== type.entityTypeId) throw notFound('Category');
  return value({ category });
};

export const crmTypeMethods: Record<string, MethodHandler> = {
  'crm.type.list': typeList,
  'crm.type.get': typeGet,
  'crm.type.getByEntityTypeId': typeGetByEntityTypeId,
  'crm.type.fields': typeFields,
  'crm.category.list': categoryList,
  'crm.category.get': categoryGet,
};
