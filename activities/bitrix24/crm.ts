/**
 * Typed CRM operations, one function each, exactly as documented in the Bitrix24 REST reference
 * (method names, parameter names, result shapes). Missing entities throw `Bitrix24Error` with code
 * `NOT_FOUND` (test with `isBitrix24NotFound`), so callers decide what a vanished entity means.
 */
import type { Bitrix24Client } from './client';
import {
  companySchema,
  contactSchema,
  itemResultSchema,
  itemsResultSchema,
  listedItemSchema,
  newIdSchema,
  requisiteSchema,
  stageSchema,
  type Company,
  type Contact,
  type CrmItem,
  type ListedItem,
  type Requisite,
  type Stage,
} from './schemas';

/** Entity type id of companies in CRM-wide ids (requisites are owned by ENTITY_TYPE_ID 4). */
const COMPANY_ENTITY_TYPE_ID = 4;

/** Legacy lists answer with the row array itself as `result`. */
function legacyRows(result: unknown): unknown[] {
  if (!Array.isArray(result)) throw new TypeError('expected the result to be an array of rows');
  return result;
}
/** crm.item.list answers `{items: [...]}`. */
const itemRows = (result: unknown): unknown[] => itemsResultSchema.parse(result).items;

export async function getItem(c: Bitrix24Client, entityTypeId: number, id: number): Promise<CrmItem> {
  const result = await c.call('crm.item.get', { entityTypeId, id }, itemResultSchema);
  return result.item;
}

/** Creates an item; `fields` uses the camelCase names of crm.item. */
export async function addItem(
  c: Bitrix24Client,
  entityTypeId: number,
  fields: Record<string, unknown>,
): Promise<CrmItem> {
  const result = await c.call('crm.item.add', { entityTypeId, fields }, itemResultSchema);
  return result.item;
}

/** Partial update; `fields` uses the camelCase names of crm.item (`stageId`, `ufCrm…`). */
export async function updateItem(
  c: Bitrix24Client,
  entityTypeId: number,
  id: number,
  fields: Record<string, unknown>,
): Promise<CrmItem> {
  const result = await c.call('crm.item.update', { entityTypeId, id, fields }, itemResultSchema);
  return result.item;
}

/** Items matching `filter`, all pages; only the `select`ed fields are present (see ListedItem). */
export async function listItems(
  c: Bitrix24Client,
  entityTypeId: number,
  filter: Record<string, unknown>,
  select: string[],
  opts: { max?: number; order?: Record<string, 'ASC' | 'DESC'> } = {},
): Promise<ListedItem[]> {
  const params = { entityTypeId, filter, select, order: opts.order ?? { id: 'ASC' } };
  return c.listAll('crm.item.list', params, itemRows, listedItemSchema, { max: opts.max });
}

export async function getCompany(c: Bitrix24Client, id: number | string): Promise<Company> {
  return c.call('crm.company.get', { id }, companySchema);
}

export async function getContact(c: Bitrix24Client, id: number | string): Promise<Contact> {
  return c.call('crm.contact.get', { id }, contactSchema);
}

export async function listCompanyRequisites(
  c: Bitrix24Client,
  companyId: number | string,
): Promise<Requisite[]> {
  const params = {
    filter: { ENTITY_TYPE_ID: COMPANY_ENTITY_TYPE_ID, ENTITY_ID: companyId },
    order: { ID: 'ASC' },
  };
  return c.listAll('crm.requisite.list', params, legacyRows, requisiteSchema);
}

/** Stages of one smart-process funnel: ENTITY_ID `DYNAMIC_<entityTypeId>_STAGE_<categoryId>`. */
export async function listStages(
  c: Bitrix24Client,
  entityTypeId: number,
  categoryId: number,
): Promise<Stage[]> {
  const params = {
    filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_${categoryId}` },
    order: { SORT: 'ASC' },
  };
  return c.listAll('crm.status.list', params, legacyRows, stageSchema);
}

export interface TimelineComment {
  /** `dynamic_<entityTypeId>` for smart-process items, `company`, `contact`, … */
  entityType: string;
  entityId: number;
  comment: string;
}

/** Adds a timeline comment and returns its id. */
export async function addTimelineComment(c: Bitrix24Client, comment: TimelineComment): Promise<number> {
  const fields = { ENTITY_ID: comment.entityId, ENTITY_TYPE: comment.entityType, COMMENT: comment.comment };
  return c.call('crm.timeline.comment.add', { fields }, newIdSchema);
}
