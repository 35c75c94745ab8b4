/** Reads a «Заявки» item with its client and responsible user into the domain's RequestSnapshot. */
import type { ClientSnapshot, RequestSnapshot } from '../domain/request';
import type { Bitrix24Client } from './bitrix24/client';
import { getCompany, getContact, getItem, listCompanyRequisites } from './bitrix24/crm';
import { isBitrix24NotFound } from './bitrix24/errors';
import type { Multifield } from './bitrix24/schemas';
import { getUser } from './bitrix24/users';
import type { User } from './bitrix24/schemas';
import type { ActivityDeps } from './deps';

const values = (fields: Multifield[] | null | undefined): string[] => (fields ?? []).map((f) => f.VALUE);

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

async function loadClient(
  bitrix: Bitrix24Client,
  companyId: number | null | undefined,
  contactId: number | null | undefined,
): Promise<ClientSnapshot | null> {
  if (companyId) {
    const [company, requisites] = await Promise.all([
      getCompany(bitrix, companyId),
      listCompanyRequisites(bitrix, companyId),
    ]);
    const inn = requisites.find((r) => r.RQ_INN?.trim())?.RQ_INN?.trim();
    return {
      kind: 'company',
      id: companyId,
      name: company.TITLE?.trim() || `Компания ${companyId}`,
      phones: values(company.PHONE),
      emails: values(company.EMAIL),
      ...(inn ? { inn } : {}),
      ...(company.COMPANY_TYPE ? { typeId: company.COMPANY_TYPE } : {}),
    };
  }
  if (contactId) {
    const contact = await getContact(bitrix, contactId);
    const name = [contact.LAST_NAME, contact.NAME, contact.SECOND_NAME].filter((p) => p?.trim()).join(' ');
    return {
      kind: 'contact',
      id: contactId,
      name: name || `Контакт ${contactId}`,
      phones: values(contact.PHONE),
      emails: values(contact.EMAIL),
      ...(contact.TYPE_ID ? { typeId: contact.TYPE_ID } : {}),
    };
  }
  return null;
}

/** 1C «Ответственный» in the 1C habit: surname first ("Иванова Мария"). */
function responsibleName(user: User): string {
  const name = [user.LAST_NAME, user.NAME].filter((part) => part?.trim()).join(' ');
  return name || user.EMAIL || `#${user.ID}`;
}

export function createLoadRequest({ bitrix, entityTypeId, fields }: ActivityDeps) {
  return async function loadRequest(itemId: number): Promise<RequestSnapshot | null> {
    let item;
    try {
      item = await getItem(bitrix, entityTypeId, itemId);
    } catch (err) {
      if (isBitrix24NotFound(err)) return null;
      throw err;
    }
    const assignedById = item.assignedById ?? 0;
    const [client, user] = await Promise.all([
      loadClient(bitrix, item.companyId, item.contactId),
      assignedById ? getUser(bitrix, assignedById) : Promise.resolve(undefined),
    ]);
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
      client,
      ...(onecRef ? { onecRef } : {}),
    };
  };
}
