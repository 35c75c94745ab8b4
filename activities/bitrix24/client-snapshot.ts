/**
 * A Bitrix24 company or contact as the request and the back-fill see it (domain ClientSnapshot): one mapping
 * whichever way the row was read (`crm.company.get` in a request's batch, a chained `crm.company.list` page).
 */
import type { ClientSnapshot } from '../../domain/request';

type Channels = Array<{ VALUE: string }> | null | undefined;

export interface CompanyFields {
  TITLE?: string | null;
  COMPANY_TYPE?: string | null;
  PHONE?: Channels;
  EMAIL?: Channels;
}

export interface ContactFields {
  NAME?: string | null;
  LAST_NAME?: string | null;
  SECOND_NAME?: string | null;
  TYPE_ID?: string | null;
  PHONE?: Channels;
  EMAIL?: Channels;
}

export const channelValues = (fields: Channels): string[] => (fields ?? []).map((f) => f.VALUE);

/** «Фамилия Имя Отчество», the parts that are filled. */
export function contactFullName(contact: Pick<ContactFields, 'NAME' | 'LAST_NAME' | 'SECOND_NAME'>): string {
  return [contact.LAST_NAME, contact.NAME, contact.SECOND_NAME].filter((p) => p?.trim()).join(' ');
}

export function companySnapshot(id: number, company: CompanyFields, inn?: string): ClientSnapshot {
  return {
    kind: 'company',
    id,
    name: company.TITLE?.trim() || `Компания ${id}`,
    phones: channelValues(company.PHONE),
    emails: channelValues(company.EMAIL),
    ...(inn ? { inn } : {}),
    ...(company.COMPANY_TYPE ? { typeId: company.COMPANY_TYPE } : {}),
  };
}

export function contactSnapshot(id: number, contact: ContactFields): ClientSnapshot {
  return {
    kind: 'contact',
    id,
    name: contactFullName(contact) || `Контакт ${id}`,
    phones: channelValues(contact.PHONE),
    emails: channelValues(contact.EMAIL),
    ...(contact.TYPE_ID ? { typeId: contact.TYPE_ID } : {}),
  };
}
