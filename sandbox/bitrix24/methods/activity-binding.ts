/**
 * `crm.activity.binding.*`: the CRM objects an activity is bound to besides its owner (a call logged on a
 * smart-process item may also be bound to the item's company). D7-style camelCase parameters and error
 * codes (`NOT_FOUND`, `OWNER_NOT_FOUND`, `ACTIVITY_IS_ALREADY_BOUND`, `100`). The owner is always the first
 * binding; extra ones are kept on the activity row under a key get/list never print.
 */
import type { Bitrix24Store } from '../store';
import { crmObjectExists } from './timeline';
import { Bitrix24ApiError, type MethodHandler, type Params, value } from './types';

type Row = Record<string, unknown>;
export interface Binding {
  entityTypeId: number;
  entityId: number;
}

/** Hidden key of the extra bindings on an activity row (see activity.ts `publicActivity`). */
export const EXTRA_BINDINGS = '__sandboxBindings';
/** The portal's documented ceiling of bindings per activity. */
const MAX_BINDINGS = 100;

const required = (name: string) =>
  new Bitrix24ApiError('100', `Could not find value for parameter {${name}}`, 400);

function number(params: Params, name: string): number {
  const raw = params[name];
  if (raw === undefined || raw === '') throw required(name);
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw required(name);
  return n;
}

function activityRow(store: Bitrix24Store, id: number): Row {
  const row = store.table<Row>('crm.activity').get(id);
  if (!row) throw new Bitrix24ApiError('NOT_FOUND', 'Not found.', 400);
  return row;
}

/** Every binding of the activity row, the owner first. */
export function bindingsOf(row: Row): Binding[] {
  const owner = { entityTypeId: Number(row.OWNER_TYPE_ID), entityId: Number(row.OWNER_ID) };
  const extra = Array.isArray(row[EXTRA_BINDINGS]) ? (row[EXTRA_BINDINGS] as Binding[]) : [];
  return [owner, ...extra];
}

const list: MethodHandler = (params, ctx) => {
  const row = activityRow(ctx.store, number(params, 'activityId'));
  return value(bindingsOf(row));
};

const add: MethodHandler = (params, ctx) => {
  const row = activityRow(ctx.store, number(params, 'activityId'));
  const binding = { entityTypeId: number(params, 'entityTypeId'), entityId: number(params, 'entityId') };
  if (!crmObjectExists(ctx.store, binding.entityTypeId, binding.entityId)) {
    throw new Bitrix24ApiError('OWNER_NOT_FOUND', 'Owner entity not found.', 400);
  }
  const all = bindingsOf(row);
  if (all.some((b) => b.entityTypeId === binding.entityTypeId && b.entityId === binding.entityId)) {
    throw new Bitrix24ApiError('ACTIVITY_IS_ALREADY_BOUND', 'Activity is already bound to this entity.', 400);
  }
  if (all.length >= MAX_BINDINGS) {
    throw new Bitrix24ApiError('ERROR_CORE', `An activity has at most ${MAX_BINDINGS} bindings.`, 400);
  }
  row[EXTRA_BINDINGS] = [...all.slice(1), binding];
  return value(true);
};

export const activityBindingMethods: Record<string, MethodHandler> = {
  'crm.activity.binding.list': list,
  'crm.activity.binding.add': add,
};
