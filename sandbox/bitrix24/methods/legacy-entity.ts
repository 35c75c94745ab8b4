/**
 * The legacy CRM entity methods (crm.company.*, crm.contact.*): UPPER_CASE fields, ids and numbers as strings,
 * dates with the portal offset, multifields PHONE/EMAIL/WEB/IM, errors with an empty code.
 * One factory, configured per entity, because both families behave identically.
 */
import { formatPortalDate, nowPortalDate } from '../dates';
import { userFieldsOf, type Row } from '../crm/model';
import {
  applyMultiFieldChanges,
  deleteMultiFields,
  hasMultiField,
  MULTIFIELD_TYPES,
  readMultiFields,
} from '../crm/multifield';
import type { MultiFieldOwner } from '../crm/multifield';
import { paginate, parseFilter, parseOrder, parseStart, selectRows } from '../list-query';
import type { Bitrix24Store } from '../store';
import { legacyError, readId, readObject, readSelect, upperKeys } from './params';
import { value, type MethodHandler, type Params } from './types';

export interface LegacyFieldDef {
  name: string;
  type: string;
  title: string;
  readOnly?: boolean;
  multiple?: boolean;
}

/** A writable field of `crm.<entity>.fields` (type `string` unless given). */
export const field = (name: string, title: string, type = 'string'): LegacyFieldDef => ({
  name,
  type,
  title,
});
/** A field the portal fills itself: ignored on add/update. */
export const readOnlyField = (name: string, title: string, type = 'string'): LegacyFieldDef => ({
  name,
  type,
  title,
  readOnly: true,
});

export interface LegacyEntityConfig {
  /** `company` → method prefix `crm.company.`, event prefix `ONCRMCOMPANY`. */
  name: 'company' | 'contact' | 'lead' | 'deal';
  owner: MultiFieldOwner;
  /** "Company is not found" / "Contact is not found". */
  notFoundText: string;
  fields: LegacyFieldDef[];
  defaults: (fields: Row) => Row;
  /** Keeps derived fields consistent after a write (e.g. COMPANY_ID ↔ COMPANY_IDS). */
  normalize?: (row: Row, written: Row) => void;
}

const MANAGED = new Set([
  'ID',
  'DATE_CREATE',
  'DATE_MODIFY',
  'CREATED_BY_ID',
  'MODIFY_BY_ID',
  'HAS_PHONE',
  'HAS_EMAIL',
  'HAS_IMOL',
]);

const toWire = (v: unknown): unknown =>
  v === null || v === undefined
    ? null
    : Array.isArray(v)
      ? v.map(toWire)
      : typeof v === 'object'
        ? v
        : String(v);

export function legacyEntityMethods(config: LegacyEntityConfig): Record<string, MethodHandler> {
  const tableName = `crm.${config.name}`;
  const prefix = `crm.${config.name}.`;
  const event = `ONCRM${config.name.toUpperCase()}`;
  const ufEntity = `CRM_${config.owner}`;
  const table = (store: Bitrix24Store) => store.table<Row>(tableName);
  const scalarNames = config.fields
    .filter((f) => !MULTIFIELD_TYPES.includes(f.name as never))
    .map((f) => f.name);

  /** Stored value, or the derived one for HAS_PHONE / HAS_EMAIL. */
  function fieldValue(store: Bitrix24Store, row: Row, name: string): unknown {
    if (name === 'HAS_PHONE') return hasMultiField(store, config.owner, Number(row.ID), 'PHONE') ? 'Y' : 'N';
    if (name === 'HAS_EMAIL') return hasMultiField(store, config.owner, Number(row.ID), 'EMAIL') ? 'Y' : 'N';
    if (name === 'HAS_IMOL') return 'N';
    return row[name];
  }

  function render(store: Bitrix24Store, row: Row, select: string[], forGet: boolean): Row {
    const id = Number(row.ID);
    const all = select.length === 0 || select.includes('*');
    const out: Row = { ID: String(id) };
    for (const name of scalarNames)
      if (all || select.includes(name)) out[name] = toWire(fieldValue(store, row, name));
    const ufs = new Set([
      ...Object.keys(row).filter((k) => k.startsWith('UF_')),
      ...userFieldsOf(store, ufEntity).map((f) => f.FIELD_NAME),
    ]);
    for (const uf of ufs)
      if (forGet || select.includes('UF_*') || select.includes(uf)) out[uf] = toWire(row[uf] ?? null);
    for (const type of MULTIFIELD_TYPES) {
      const values = readMultiFields(store, config.owner, id, type);
      if ((forGet && values.length > 0) || select.includes(type)) out[type] = values;
    }
    return out;
  }

  function requireFields(params: Params): Row {
    const fields = readObject(params.FIELDS);
    if (!fields) throw legacyError("Parameter 'fields' must be array.");
    return fields;
  }

  function write(store: Bitrix24Store, row: Row, fields: Row, userId: number): void {
    for (const [rawName, raw] of Object.entries(fields)) {
      const name = rawName.toUpperCase();
      if (MANAGED.has(name) || MULTIFIELD_TYPES.includes(name as never)) continue;
      const def = config.fields.find((f) => f.name === name);
      if (def?.readOnly) continue;
      if (def || name.startsWith('UF_')) row[name] = Array.isArray(raw) ? raw.map(toWire) : toWire(raw);
    }
    for (const type of MULTIFIELD_TYPES) {
      const raw = fields[type];
      if (raw !== undefined) applyMultiFieldChanges(store, config.owner, Number(row.ID), type, raw);
    }
    config.normalize?.(row, upperKeys(fields));
    row.MODIFY_BY_ID = String(userId);
    row.DATE_MODIFY = nowPortalDate();
  }

  function requireRow(store: Bitrix24Store, params: Params, notFound: string): Row {
    const id = readId(params.ID);
    if (id === undefined) throw legacyError('ID is not defined or invalid.');
    const row = table(store).get(id);
    if (!row) throw legacyError(notFound);
    return row;
  }

  const add: MethodHandler = (raw, ctx) => {
    const fields = requireFields(upperKeys(raw));
    const id = table(ctx.store).nextId();
    const now = formatPortalDate(new Date());
    const row: Row = {
      ...config.defaults(fields),
      ID: String(id),
      DATE_CREATE: now,
      CREATED_BY_ID: String(ctx.userId),
    };
    row.ASSIGNED_BY_ID ??= String(ctx.userId);
    write(ctx.store, row, fields, ctx.userId);
    table(ctx.store).insert(id, row);
    ctx.store.emit({ event: `${event}ADD`, data: { FIELDS: { ID: id } } });
    return value(id);
  };

  const update: MethodHandler = (raw, ctx) => {
    const params = upperKeys(raw);
    const row = requireRow(ctx.store, params, config.notFoundText);
    const fields = requireFields(params);
    const next = { ...row };
    write(ctx.store, next, fields, ctx.userId);
    table(ctx.store).insert(Number(row.ID), next);
    ctx.store.emit({ event: `${event}UPDATE`, data: { FIELDS: { ID: Number(row.ID) } } });
    return value(true);
  };

  const get: MethodHandler = (raw, ctx) => {
    const row = requireRow(ctx.store, upperKeys(raw), 'Not found');
    return value(render(ctx.store, row, ['*'], true));
  };

  const remove: MethodHandler = (raw, ctx) => {
    const row = requireRow(ctx.store, upperKeys(raw), config.notFoundText);
    table(ctx.store).delete(Number(row.ID));
    deleteMultiFields(ctx.store, config.owner, Number(row.ID));
    ctx.store.emit({ event: `${event}DELETE`, data: { FIELDS: { ID: Number(row.ID) } } });
    return value(true);
  };

  const list: MethodHandler = (raw, ctx) => {
    const params = upperKeys(raw);
    const known = (field: string): boolean =>
      field === 'ID' ||
      scalarNames.includes(field) ||
      field.startsWith('UF_') ||
      MULTIFIELD_TYPES.includes(field as never);
    const conditions = parseFilter(params.FILTER, () => legacyError("Parameter 'filter' must be array."))
      .map((c) => ({ ...c, field: c.field.toUpperCase() }))
      .filter((c) => known(c.field));
    const order = parseOrder(params.ORDER, () => legacyError("Parameter 'order' must be array.")).map(
      (t) => ({
        ...t,
        field: t.field.toUpperCase(),
      }),
    );
    const getField = (row: Row, field: string): unknown =>
      MULTIFIELD_TYPES.includes(field as never)
        ? readMultiFields(ctx.store, config.owner, Number(row.ID), field).map((m) => m.VALUE)
        : fieldValue(ctx.store, row, field);
    const start = parseStart(params.START);
    const rows = selectRows(table(ctx.store).inOrder(), { conditions, order, start }, 'ID', getField);
    const select = readSelect(params.SELECT).map((s) => s.toUpperCase());
    return paginate(rows, start, (page) => page.map((row) => render(ctx.store, row, select, false)));
  };

  const fields: MethodHandler = (_raw, ctx) => {
    const out: Row = {};
    for (const f of config.fields) {
      out[f.name] = {
        type: f.type,
        isRequired: false,
        isReadOnly: f.readOnly ?? false,
        isImmutable: false,
        isMultiple: f.multiple ?? false,
        isDynamic: false,
        title: f.title,
      };
    }
    for (const uf of userFieldsOf(ctx.store, ufEntity)) {
      out[uf.FIELD_NAME] = {
        type: uf.USER_TYPE_ID,
        isRequired: uf.MANDATORY === 'Y',
        isReadOnly: false,
        isImmutable: false,
        isMultiple: uf.MULTIPLE === 'Y',
        isDynamic: true,
        title: uf.FIELD_NAME,
        listLabel: uf.TITLE,
        formLabel: uf.TITLE,
        filterLabel: uf.TITLE,
      };
    }
    return value(out);
  };

  return {
    [`${prefix}add`]: add,
    [`${prefix}update`]: update,
    [`${prefix}get`]: get,
    [`${prefix}list`]: list,
    [`${prefix}delete`]: remove,
    [`${prefix}fields`]: fields,
  };
}
