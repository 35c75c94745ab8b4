/**
 * The sandbox portal's CRM tables and their row shapes. Rows are stored the way the REST layer reads them most
 * often: smart-process types, categories and items in camelCase (user-field values keyed by their original
 * UF_CRM_… name), legacy entities (statuses, companies, contacts, requisites, addresses, users) in UPPER_CASE.
 */
import type { Bitrix24Store, Table } from '../store';

export type Row = Record<string, unknown>;

export interface TypeRow extends Row {
  id: number;
  entityTypeId: number;
  title: string;
  code: string;
  isCategoriesEnabled: 'Y' | 'N';
  isStagesEnabled: 'Y' | 'N';
  isClientEnabled: 'Y' | 'N';
  createdTime: string;
  updatedTime: string;
  createdBy: number;
  updatedBy: number;
}

export interface CategoryRow extends Row {
  id: number;
  entityTypeId: number;
  name: string;
  sort: number;
  isDefault: 'Y' | 'N';
}

/** crm.status row; `SEMANTICS` is `S` (success), `F` (failure) or null (in progress). */
export interface StatusRow extends Row {
  ID: string;
  ENTITY_ID: string;
  STATUS_ID: string;
  NAME: string;
  NAME_INIT: string;
  SORT: string;
  SYSTEM: 'Y' | 'N';
  CATEGORY_ID: string | null;
  COLOR: string;
  SEMANTICS: 'S' | 'F' | null;
}

export interface EnumItem {
  ID: string;
  VALUE: string;
  SORT: string;
  DEF: 'Y' | 'N';
  XML_ID: string;
}

/** A user field definition. `ENTITY_ID` is `CRM_<typeId>` for smart processes, `CRM_COMPANY` etc. otherwise. */
export interface UserFieldRow extends Row {
  ID: string;
  ENTITY_ID: string;
  FIELD_NAME: string;
  USER_TYPE_ID: 'string' | 'enumeration' | 'integer' | 'double' | 'date' | 'datetime' | 'boolean';
  MULTIPLE: 'Y' | 'N';
  MANDATORY: 'Y' | 'N';
  TITLE: string;
  LIST?: EnumItem[];
}

/** A phone / email / web / messenger value of a company, contact or lead (deals have none, but share the type). */
export interface MultiFieldRow extends Row {
  ID: string;
  ENTITY_ID: 'COMPANY' | 'CONTACT' | 'LEAD' | 'DEAL';
  ELEMENT_ID: string;
  TYPE_ID: string;
  VALUE_TYPE: string;
  VALUE: string;
}

export interface UserRow extends Row {
  ID: string;
  ACTIVE: boolean;
  NAME: string;
  LAST_NAME: string;
  SECOND_NAME: string;
  EMAIL: string;
  WORK_POSITION: string;
  UF_DEPARTMENT: number[];
}

export const TABLES = {
  types: 'crm.type',
  categories: 'crm.category',
  statuses: 'crm.status',
  userFields: 'userfield',
  companies: 'crm.company',
  contacts: 'crm.contact',
  leads: 'crm.lead',
  deals: 'crm.deal',
  multiFields: 'crm.multifield',
  requisites: 'crm.requisite',
  presets: 'crm.requisite.preset',
  addresses: 'crm.address',
  /** Users, read by the users/notify methods too. */
  users: 'user',
} as const;

export const itemsTableName = (entityTypeId: number): string => `crm.item.${entityTypeId}`;

export const types = (s: Bitrix24Store): Table<TypeRow> => s.table<TypeRow>(TABLES.types);
export const categories = (s: Bitrix24Store): Table<CategoryRow> => s.table<CategoryRow>(TABLES.categories);
export const statuses = (s: Bitrix24Store): Table<StatusRow> => s.table<StatusRow>(TABLES.statuses);
export const userFields = (s: Bitrix24Store): Table<UserFieldRow> => s.table<UserFieldRow>(TABLES.userFields);
export const multiFields = (s: Bitrix24Store): Table<MultiFieldRow> =>
  s.table<MultiFieldRow>(TABLES.multiFields);
export const users = (s: Bitrix24Store): Table<UserRow> => s.table<UserRow>(TABLES.users);
export const items = (s: Bitrix24Store, entityTypeId: number): Table<Row> =>
  s.table<Row>(itemsTableName(entityTypeId));

export function typeByEntityTypeId(s: Bitrix24Store, entityTypeId: number): TypeRow | undefined {
  return types(s)
    .all()
    .find((t) => t.entityTypeId === entityTypeId);
}

export const stageEntityId = (entityTypeId: number, categoryId: number): string =>
  `DYNAMIC_${entityTypeId}_STAGE_${categoryId}`;

export function categoriesOf(s: Bitrix24Store, entityTypeId: number): CategoryRow[] {
  return categories(s)
    .all()
    .filter((c) => c.entityTypeId === entityTypeId)
    .sort((a, b) => a.sort - b.sort || a.id - b.id);
}

export function stagesOf(s: Bitrix24Store, entityTypeId: number, categoryId: number): StatusRow[] {
  const entityId = stageEntityId(entityTypeId, categoryId);
  return statuses(s)
    .all()
    .filter((st) => st.ENTITY_ID === entityId)
    .sort((a, b) => Number(a.SORT) - Number(b.SORT));
}

export function userFieldsOf(s: Bitrix24Store, entityId: string): UserFieldRow[] {
  return userFields(s)
    .all()
    .filter((f) => f.ENTITY_ID === entityId);
}

export function userName(s: Bitrix24Store, id: number): string {
  const user = users(s).get(id);
  return user ? `${user.NAME} ${user.LAST_NAME}`.trim() : '';
}
