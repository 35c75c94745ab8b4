/**
 * Reads a «Заявки» item with its client and responsible user into the domain's RequestSnapshot — one
 * `batch` call: the item, then its company (or contact), the company's requisites and the responsible user,
 * each command taking the ids from the item's answer (`$result[item][item][companyId]`).
 */
import type { ClientSnapshot, MissingClient, RequestSnapshot } from '../domain/request';
import type { BatchOutcome } from './bitrix24/client';
import { commandResult } from './bitrix24/batch-result';
import { isBitrix24NotFound } from './bitrix24/errors';
import { encodePhpQuery } from './bitrix24/php-query';
import {
  companySchema,
  contactSchema,
  itemResultSchema,
  requisiteSchema,
  userSchema,
  type CrmItem,
} from './bitrix24/schemas';
import { z } from 'zod';
import type { ActivityDeps } from './deps';
import { responsibleName } from './bitrix24/users';
import { companySnapshot, contactSnapshot } from './bitrix24/client-snapshot';

/** Entity type id of companies in CRM-wide ids (requisites are owned by ENTITY_TYPE_ID 4). */
const COMPANY_ENTITY_TYPE_ID = 4;

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/** The commands of the read: every later one refers to the item's fields, so it is one round trip. */
function readCommands(entityTypeId: number, itemId: number): Record<string, string> {
  const ref = (field: string) => `$result[item][item][${field}]`;
  const requisites = encodePhpQuery({
    filter: { ENTITY_TYPE_ID: COMPANY_ENTITY_TYPE_ID },
    order: { ID: 'ASC' },
  });
  return {
    item: `crm.item.get?${encodePhpQuery({ entityTypeId, id: itemId })}`,
    company: `crm.company.get?id=${ref('companyId')}`,
    requisites: `crm.requisite.list?${requisites}&filter[ENTITY_ID]=${ref('companyId')}`,
    contact: `crm.contact.get?id=${ref('contactId')}`,
    user: `user.get?ID=${ref('assignedById')}`,
  };
}

/** A command's result, or undefined when Bitrix24 answered that the entity does not exist. */
function unlessMissing<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (isBitrix24NotFound(err)) return undefined;
    throw err;
  }
}

/**
 * The item's company (preferred) or contact. One that no longer exists is not a failure of the workflow but
 * something for the manager to fix, so it comes back as `missing` for validation to report.
 */
function readClient(item: CrmItem, outcome: BatchOutcome): ClientSnapshot | MissingClient | null {
  if (item.companyId) {
    const company = unlessMissing(() => commandResult(outcome, 'company', 'crm.company.get', companySchema));
    if (!company) return { kind: 'company', id: item.companyId };
    const requisites = unlessMissing(() =>
      commandResult(outcome, 'requisites', 'crm.requisite.list', z.array(requisiteSchema)),
    );
    const inn = (requisites ?? []).find((r) => r.RQ_INN?.trim())?.RQ_INN?.trim();
    return companySnapshot(item.companyId, company, inn);
  }
  if (item.contactId) {
    const contact = unlessMissing(() => commandResult(outcome, 'contact', 'crm.contact.get', contactSchema));
    if (!contact) return { kind: 'contact', id: item.contactId };
    return contactSnapshot(item.contactId, contact);
  }
  return null;
}

const isFound = (client: ClientSnapshot | MissingClient | null): client is ClientSnapshot | null =>
  client === null || 'name' in client;

export function createLoadRequest({ bitrix, entityTypeId, fields }: ActivityDeps) {
  return async function loadRequest(itemId: number): Promise<RequestSnapshot | null> {
    const outcome = await bitrix.inTurn(itemId).batch(readCommands(entityTypeId, itemId));
    let item: CrmItem;
    try {
      item = commandResult(outcome, 'item', 'crm.item.get', itemResultSchema).item;
    } catch (err) {
      if (isBitrix24NotFound(err)) return null;
      throw err;
    }
    const assignedById = item.assignedById ?? 0;
    const user = assignedById
      ? commandResult(outcome, 'user', 'user.get', z.array(userSchema))[0]
      : undefined;
    const loaded = readClient(item, outcome);
    const requestType = text(item[fields.requestType]).trim();
    const onecRef = text(item[fields.onecRef]).trim();
    return {
      itemId,
      entityTypeId,
      title: item.title ?? '',
      stageId: item.stageId ?? '',
      categoryId: item.categoryId ?? 0,
      assignedById,
      assignedByName: user ? responsibleName(user) : '',
      description: text(item[fields.description]),
      requestTypeId: requestType === '' || requestType === '0' ? null : requestType,
      updatedTime: item.updatedTime,
      createdTime: item.createdTime,
      ...(isFound(loaded) ? { client: loaded } : { client: null, missingClient: loaded }),
      ...(onecRef ? { onecRef } : {}),
    };
  };
}
