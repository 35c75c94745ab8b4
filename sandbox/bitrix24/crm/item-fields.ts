/**
 * Standard fields of a smart-process item (crm.item.*), their descriptions as crm.item.fields returns them,
 * and how inbound values are normalised (form clients send every scalar as a string).
 */
import { formatPortalDate, formatPortalDay, parseClientDate } from '../dates';
import { camelToUpper, ufToCamel } from './uf-names';
import type { UserFieldRow } from './model';

export type FieldKind = 'int' | 'intList' | 'string' | 'yn' | 'date' | 'datetime' | 'double';

export interface ItemFieldDef {
  name: string;
  type: string;
  kind: FieldKind;
  title: string;
  readOnly?: boolean;
  immutable?: boolean;
  multiple?: boolean;
  required?: boolean;
  /** `crm_status` fields: which status list their values come from (a function of the item's type/category). */
  statusType?: (entityTypeId: number, categoryId: number) => string;
}

const stage = (etid: number, cat: number): string => `DYNAMIC_${etid}_STAGE_${cat}`;

export const ITEM_FIELDS: ItemFieldDef[] = [
  { name: 'id', type: 'integer', kind: 'int', title: 'ID', readOnly: true },
  { name: 'xmlId', type: 'string', kind: 'string', title: 'External ID' },
  { name: 'title', type: 'string', kind: 'string', title: 'Name' },
  { name: 'createdBy', type: 'user', kind: 'int', title: 'Created by', readOnly: true },
  { name: 'updatedBy', type: 'user', kind: 'int', title: 'Updated by', readOnly: true },
  { name: 'movedBy', type: 'user', kind: 'int', title: 'Moved by', readOnly: true },
  { name: 'createdTime', type: 'datetime', kind: 'datetime', title: 'Created on', readOnly: true },
  { name: 'updatedTime', type: 'datetime', kind: 'datetime', title: 'Updated on', readOnly: true },
  { name: 'movedTime', type: 'datetime', kind: 'datetime', title: 'Moved on', readOnly: true },
  { name: 'categoryId', type: 'crm_category', kind: 'int', title: 'Pipeline', immutable: false },
  { name: 'opened', type: 'boolean', kind: 'yn', title: 'Available to everyone' },
  { name: 'stageId', type: 'crm_status', kind: 'string', title: 'Stage', statusType: stage },
  {
    name: 'previousStageId',
    type: 'crm_status',
    kind: 'string',
    title: 'Previous stage',
    readOnly: true,
    statusType: stage,
  },
  { name: 'begindate', type: 'date', kind: 'date', title: 'Start date' },
  { name: 'closedate', type: 'date', kind: 'date', title: 'End date' },
  { name: 'companyId', type: 'crm_company', kind: 'int', title: 'Company' },
  { name: 'contactId', type: 'crm_contact', kind: 'int', title: 'Contact' },
  { name: 'contactIds', type: 'crm_contact', kind: 'intList', title: 'Contacts', multiple: true },
  { name: 'opportunity', type: 'double', kind: 'double', title: 'Amount' },
  { name: 'isManualOpportunity', type: 'char', kind: 'yn', title: 'Manual amount calculation' },
  { name: 'currencyId', type: 'crm_currency', kind: 'string', title: 'Currency' },
  { name: 'assignedById', type: 'user', kind: 'int', title: 'Responsible person', required: true },
  { name: 'sourceId', type: 'crm_status', kind: 'string', title: 'Source', statusType: () => 'SOURCE' },
  { name: 'sourceDescription', type: 'text', kind: 'string', title: 'Source information' },
  { name: 'observers', type: 'user', kind: 'intList', title: 'Observers', multiple: true },
  { name: 'lastActivityTime', type: 'datetime', kind: 'datetime', title: 'Last activity', readOnly: true },
];

export const ITEM_FIELD_BY_NAME = new Map(ITEM_FIELDS.map((f) => [f.name, f]));

const UF_KIND: Record<UserFieldRow['USER_TYPE_ID'], FieldKind> = {
  string: 'string',
  enumeration: 'int',
  integer: 'int',
  double: 'double',
  date: 'date',
  datetime: 'datetime',
  boolean: 'yn',
};

export const userFieldKind = (uf: UserFieldRow): FieldKind => UF_KIND[uf.USER_TYPE_ID];

/** Normalises a client value; undefined means "not a valid value of this kind". */
export function normalizeValue(kind: FieldKind, raw: unknown): unknown {
  if (raw === null || raw === '') return kind === 'intList' ? [] : null;
  switch (kind) {
    case 'int': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
      return Number.isInteger(n) ? n : undefined;
    }
    case 'double': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
      return Number.isFinite(n) ? n : undefined;
    }
    case 'intList': {
      const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : [raw];
      const ids = list.map((v) => normalizeValue('int', v));
      return ids.every((v) => typeof v === 'number') ? ids : undefined;
    }
    case 'yn':
      if (raw === true || raw === 'Y' || raw === 'y' || raw === 1 || raw === '1' || raw === 'true')
        return 'Y';
      if (raw === false || raw === 'N' || raw === 'n' || raw === 0 || raw === '0' || raw === 'false')
        return 'N';
      return undefined;
    case 'date': {
      const date = parseClientDate(raw);
      return date ? formatPortalDay(formatPortalDate(date)) : undefined;
    }
    case 'datetime': {
      const date = parseClientDate(raw);
      return date ? formatPortalDate(date) : undefined;
    }
    case 'string':
      return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? String(raw)
        : undefined;
  }
}

export function describeStandardField(
  def: ItemFieldDef,
  entityTypeId: number,
  categoryId: number,
): Record<string, unknown> {
  return {
    type: def.type,
    isRequired: def.required ?? false,
    isReadOnly: def.readOnly ?? false,
    isImmutable: def.immutable ?? false,
    isMultiple: def.multiple ?? false,
    isDynamic: false,
    ...(def.statusType ? { statusType: def.statusType(entityTypeId, categoryId) } : {}),
    title: def.title,
    upperName: camelToUpper(def.name),
  };
}

export function describeUserField(uf: UserFieldRow): Record<string, unknown> {
  return {
    type: uf.USER_TYPE_ID,
    isRequired: uf.MANDATORY === 'Y',
    isReadOnly: false,
    isImmutable: false,
    isMultiple: uf.MULTIPLE === 'Y',
    isDynamic: true,
    ...(uf.LIST ? { items: uf.LIST.map((item) => ({ ID: item.ID, VALUE: item.VALUE })) } : {}),
    title: uf.TITLE,
    listLabel: uf.TITLE,
    formLabel: uf.TITLE,
    filterLabel: uf.TITLE,
    settings:
      uf.USER_TYPE_ID === 'string'
        ? { SIZE: 20, ROWS: 1, REGEXP: '', MIN_LENGTH: 0, MAX_LENGTH: 0, DEFAULT_VALUE: '' }
        : {},
    upperName: uf.FIELD_NAME,
  };
}

export const camelUfName = ufToCamel;
