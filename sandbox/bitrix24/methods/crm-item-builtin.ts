/**
 * crm.item.* for the built-in types — 1 lead, 2 deal, 3 contact, 4 company. The universal methods are a second
 * view of the same rows the legacy methods keep (one store, two views): names in camelCase (`ASSIGNED_BY_ID` →
 * `assignedById`, a company's `COMPANY_TYPE` → `typeId`, `DATE_CREATE` → `createdTime`), ids and amounts as
 * numbers, user fields renamed like smart-process ones, phones and e-mails as `fm`. Reads and writes go through
 * the legacy handlers, so both views, the multifields and the ONCRM<TYPE>* events stay one behaviour.
 */
import { parseFilterKey } from '../list-query';
import { ufToCamel } from '../crm/uf-names';
import { MULTIFIELD_TYPES } from '../crm/multifield';
import { companyMethods } from './company';
import { contactMethods } from './contact';
import { dealMethods, leadMethods } from './lead-deal';
import { isYes, readId, readObject, readSelect } from './params';
import {
  Bitrix24ApiError,
  value,
  type MethodContext,
  type MethodHandler,
  type MethodResult,
  type Params,
} from './types';

type Row = Record<string, unknown>;

interface BuiltIn {
  name: 'lead' | 'deal' | 'contact' | 'company';
  methods: Record<string, MethodHandler>;
  /** camelCase names that do not follow the plain UPPER_CASE → camelCase rule. */
  renamed: Record<string, string>;
}

const COMMON_RENAMES = {
  createdTime: 'DATE_CREATE',
  updatedTime: 'DATE_MODIFY',
  createdBy: 'CREATED_BY_ID',
  updatedBy: 'MODIFY_BY_ID',
};

const BUILT_IN: Record<number, BuiltIn> = {
  1: { name: 'lead', methods: leadMethods, renamed: COMMON_RENAMES },
  2: { name: 'deal', methods: dealMethods, renamed: COMMON_RENAMES },
  3: { name: 'contact', methods: contactMethods, renamed: COMMON_RENAMES },
  4: { name: 'company', methods: companyMethods, renamed: { ...COMMON_RENAMES, typeId: 'COMPANY_TYPE' } },
};

/** The built-in type served for this `entityTypeId`, or undefined for smart processes. */
export function builtInType(params: Params): BuiltIn | undefined {
  const entityTypeId = readId(params.entityTypeId);
  return entityTypeId === undefined ? undefined : BUILT_IN[entityTypeId];
}

const upperToCamel = (upper: string): string =>
  upper.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** What a field is called in the UPPER_CASE row. */
function upperName(type: BuiltIn, camel: string): string {
  if (type.renamed[camel]) return type.renamed[camel];
  if (/^uf_/i.test(camel)) return camel.toUpperCase();
  if (camel.startsWith('ufCrm')) return camel; // resolved against the user fields below
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function camelName(type: BuiltIn, upper: string): string {
  const renamed = Object.entries(type.renamed).find(([, u]) => u === upper);
  if (renamed) return renamed[0];
  return upper.startsWith('UF_') ? ufToCamel(upper) : upperToCamel(upper);
}

async function call(handler: MethodHandler | undefined, params: Params, ctx: MethodContext) {
  if (!handler) throw new Bitrix24ApiError('ERROR_METHOD_NOT_FOUND', 'Method not found!', 404);
  return handler(params, ctx);
}

/** Field types of the legacy view (`crm.<type>.fields`), to tell ids and amounts from text. */
async function fieldTypes(type: BuiltIn, ctx: MethodContext): Promise<Record<string, { type: string }>> {
  const described = await call(type.methods[`crm.${type.name}.fields`], {}, ctx);
  return described.result as Record<string, { type: string }>;
}

const NUMERIC = new Set([
  'integer',
  'user',
  'crm_company',
  'crm_contact',
  'crm_lead',
  'crm_category',
  'double',
]);

function toNumber(v: unknown): unknown {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

/** One legacy row in the crm.item view. */
function toItem(
  type: BuiltIn,
  row: Row,
  types: Record<string, { type: string }>,
  entityTypeId: number,
  useOriginal: boolean,
): Row {
  const item: Row = {};
  const fm: Row[] = [];
  for (const [upper, raw] of Object.entries(row)) {
    if (MULTIFIELD_TYPES.includes(upper as never)) {
      for (const m of Array.isArray(raw) ? (raw as Row[]) : [])
        fm.push({ id: toNumber(m.ID), typeId: upper, valueType: m.VALUE_TYPE, value: m.VALUE });
      continue;
    }
    const name = useOriginal && upper.startsWith('UF_') ? upper : camelName(type, upper);
    const numeric = NUMERIC.has(types[upper]?.type ?? '');
    item[name] = numeric ? (Array.isArray(raw) ? raw.map(toNumber) : toNumber(raw)) : raw;
  }
  if (type.name === 'company' || type.name === 'contact' || type.name === 'lead') item.fm = fm;
  item.entityTypeId = entityTypeId;
  return item;
}

/** A client's camelCase `fields` as the legacy methods take them (`fm` back into PHONE/EMAIL/…). */
function toLegacyFields(type: BuiltIn, fields: Row, ufNames: string[]): Row {
  const out: Row = {};
  for (const [name, raw] of Object.entries(fields)) {
    if (name === 'fm') {
      for (const m of Array.isArray(raw) ? (raw as Row[]) : []) {
        const typeId = String(m.typeId ?? '').toUpperCase();
        if (!MULTIFIELD_TYPES.includes(typeId as never)) continue;
        const list = (out[typeId] ??= []) as Row[];
        list.push({
          ...(m.id !== undefined ? { ID: m.id } : {}),
          VALUE: m.value,
          VALUE_TYPE: m.valueType ?? 'WORK',
        });
      }
      continue;
    }
    const uf = ufNames.find((u) => u === name || ufToCamel(u) === name);
    out[uf ?? upperName(type, name)] = raw;
  }
  return out;
}

function entityTypeIdOf(params: Params): number {
  return readId(params.entityTypeId) ?? 0;
}

const notFound = (): Bitrix24ApiError => new Bitrix24ApiError('NOT_FOUND', 'Item not found', 400);

async function readItem(type: BuiltIn, id: number, params: Params, ctx: MethodContext): Promise<Row> {
  let row: MethodResult;
  try {
    row = await call(type.methods[`crm.${type.name}.get`], { id }, ctx);
  } catch (err) {
    if (err instanceof Bitrix24ApiError && err.code === '') throw notFound();
    throw err;
  }
  const types = await fieldTypes(type, ctx);
  return toItem(type, row.result as Row, types, entityTypeIdOf(params), isYes(params.useOriginalUfNames));
}

const ufNamesOf = (types: Record<string, unknown>): string[] =>
  Object.keys(types).filter((k) => k.startsWith('UF_'));

function readFields(params: Params): Row {
  const fields = readObject(params.fields ?? {});
  if (!fields) throw new Bitrix24ApiError('INVALID_ARG_VALUE', 'Parameter "fields" must be an object', 400);
  return fields;
}

/** Legacy write errors (empty code) become the universal methods' field error. */
async function legacyWrite(write: () => Promise<MethodResult>): Promise<MethodResult> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof Bitrix24ApiError && err.code === '')
      throw new Bitrix24ApiError('CRM_FIELD_ERROR_VALUE_NOT_VALID', err.description, 400);
    throw err;
  }
}

/** The `id` parameter; a missing or malformed one is answered like an unknown item. */
function requiredId(params: Params): number {
  const id = readId(params.id);
  if (id === undefined) throw notFound();
  return id;
}

export async function builtInAdd(type: BuiltIn, params: Params, ctx: MethodContext): Promise<MethodResult> {
  const types = await fieldTypes(type, ctx);
  const fields = toLegacyFields(type, readFields(params), ufNamesOf(types));
  const added = await legacyWrite(() => call(type.methods[`crm.${type.name}.add`], { fields }, ctx));
  return value({ item: await readItem(type, Number(added.result), params, ctx) });
}

export async function builtInUpdate(
  type: BuiltIn,
  params: Params,
  ctx: MethodContext,
): Promise<MethodResult> {
  const id = requiredId(params);
  await readItem(type, id, params, ctx);
  const types = await fieldTypes(type, ctx);
  const fields = toLegacyFields(type, readFields(params), ufNamesOf(types));
  await legacyWrite(() => call(type.methods[`crm.${type.name}.update`], { id, fields }, ctx));
  return value({ item: await readItem(type, id, params, ctx) });
}

export async function builtInGet(type: BuiltIn, params: Params, ctx: MethodContext): Promise<MethodResult> {
  const id = requiredId(params);
  return value({ item: await readItem(type, id, params, ctx) });
}

export async function builtInDelete(
  type: BuiltIn,
  params: Params,
  ctx: MethodContext,
): Promise<MethodResult> {
  const id = requiredId(params);
  await readItem(type, id, params, ctx);
  await call(type.methods[`crm.${type.name}.delete`], { id }, ctx);
  return value([]);
}

/** Filter, order and select renamed to the legacy view; the page (with its server time) kept as it is. */
export async function builtInList(type: BuiltIn, params: Params, ctx: MethodContext): Promise<MethodResult> {
  const types = await fieldTypes(type, ctx);
  const ufNames = ufNamesOf(types);
  const rename = (camel: string): string =>
    ufNames.find((u) => u === camel || ufToCamel(u) === camel) ?? upperName(type, camel);
  const filter = Object.fromEntries(
    Object.entries(readObject(params.filter) ?? {}).map(([key, v]) => {
      const { field } = parseFilterKey(key);
      return [`${key.slice(0, key.length - field.length)}${rename(field)}`, v];
    }),
  );
  const order = Object.fromEntries(
    Object.entries(readObject(params.order) ?? {}).map(([field, dir]) => [rename(field), dir]),
  );
  const wanted = readSelect(params.select);
  const all = wanted.length === 0 || wanted.includes('*');
  const select = all
    ? ['*', 'UF_*', ...MULTIFIELD_TYPES]
    : ['ID', ...wanted.flatMap((name) => (name === 'fm' ? [...MULTIFIELD_TYPES] : [rename(name)]))];
  const page = await call(
    type.methods[`crm.${type.name}.list`],
    { filter, order, select, start: params.start },
    ctx,
  );
  if (page.kind !== 'list') return page;
  const useOriginal = isYes(params.useOriginalUfNames);
  const items = (page.result as Row[]).map((row) => {
    const item = toItem(type, row, types, entityTypeIdOf(params), useOriginal);
    if (!all && !wanted.includes('fm')) delete item.fm;
    return item;
  });
  return { ...page, result: { items } };
}

/** `crm.item.fields`: the legacy descriptions under camelCase names, each with its `upperName`. */
export async function builtInFields(
  type: BuiltIn,
  _params: Params,
  ctx: MethodContext,
): Promise<MethodResult> {
  const fields: Row = {};
  for (const [upper, described] of Object.entries(await fieldTypes(type, ctx))) {
    if (MULTIFIELD_TYPES.includes(upper as never)) continue;
    fields[camelName(type, upper)] = { ...described, upperName: upper };
  }
  return value({ fields });
}
