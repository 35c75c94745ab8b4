/**
 * Companies, contacts, requisites and addresses as the 1C → Bitrix24 direction needs them: lookups by origin,
 * INN and communications, and creation (reference: crm.company.*, crm.contact.*, crm.requisite.*,
 * crm.address.*, crm.duplicate.findbycomm). Legacy methods: UPPER_CASE fields, ids as strings.
 */
import { z } from 'zod';
import type { Bitrix24Client } from './client';
import { getCompany, getContact } from './crm';
import { isBitrix24NotFound } from './errors';
import { newIdSchema, requisiteSchema, type Requisite } from './schemas';

/** CRM-wide entity type ids of requisite owners and of requisites as address owners. */
export const OWNER_TYPE = { contact: 3, company: 4 } as const;
export const REQUISITE_ENTITY_TYPE_ID = 8;
/** crm.address TYPE_ID of the legal address. */
export const LEGAL_ADDRESS_TYPE = 6;

function legacyRows(result: unknown): unknown[] {
  if (!Array.isArray(result)) throw new TypeError('expected the result to be an array of rows');
  return result;
}

/** Companies or contacts created from one 1C counterparty: ORIGINATOR_ID + ORIGIN_ID mark them as ours. */
export async function listByOrigin(
  c: Bitrix24Client,
  kind: 'company' | 'contact',
  originatorId: string,
  originId: string,
): Promise<number[]> {
  const params = {
    filter: { ORIGINATOR_ID: originatorId, ORIGIN_ID: originId },
    select: ['ID'],
    order: { ID: 'ASC' },
  };
  const rows = await c.listAll(`crm.${kind}.list`, params, legacyRows, z.object({ ID: z.coerce.number() }));
  return rows.map((r) => r.ID);
}

/** Requisites of companies whose INN is `inn` (filter RQ_INN), oldest first. */
export async function findRequisitesByInn(c: Bitrix24Client, inn: string): Promise<Requisite[]> {
  const params = {
    filter: { ENTITY_TYPE_ID: OWNER_TYPE.company, RQ_INN: inn },
    order: { ID: 'ASC' },
  };
  return c.listAll('crm.requisite.list', params, legacyRows, requisiteSchema);
}

/** Requisites of one company or contact. */
export async function listRequisites(
  c: Bitrix24Client,
  kind: 'company' | 'contact',
  ownerId: number,
): Promise<Requisite[]> {
  const params = { filter: { ENTITY_TYPE_ID: OWNER_TYPE[kind], ENTITY_ID: ownerId }, order: { ID: 'ASC' } };
  return c.listAll('crm.requisite.list', params, legacyRows, requisiteSchema);
}

const commMatchSchema = z.union([
  z
    .array(z.unknown())
    .length(0)
    .transform(() => ({}) as Record<string, number[]>),
  z.record(z.array(z.coerce.number())),
]);

/** `crm.duplicate.findbycomm`: ids of companies or contacts having the phone / e-mail. */
export async function findByCommunication(
  c: Bitrix24Client,
  type: 'PHONE' | 'EMAIL',
  value: string,
  entityType: 'COMPANY' | 'CONTACT',
): Promise<number[]> {
  const found = await c.call(
    'crm.duplicate.findbycomm',
    { type, values: [value], entity_type: entityType },
    commMatchSchema,
  );
  return found[entityType] ?? [];
}

/** The company or contact by id, or null when Bitrix24 no longer has it. */
export async function clientTitle(
  c: Bitrix24Client,
  kind: 'company' | 'contact',
  id: number,
): Promise<string | null> {
  try {
    if (kind === 'company') return (await getCompany(c, id)).TITLE?.trim() ?? '';
    const contact = await getContact(c, id);
    return [contact.LAST_NAME, contact.NAME].filter((p) => p?.trim()).join(' ');
  } catch (err) {
    if (isBitrix24NotFound(err)) return null;
    throw err;
  }
}

export interface NewClient {
  title: string;
  phone: string;
  email: string;
  companyType?: string;
  originatorId: string;
  originId: string;
}

const communications = (client: NewClient) => ({
  ...(client.phone ? { PHONE: [{ VALUE: client.phone, VALUE_TYPE: 'WORK' }] } : {}),
  ...(client.email ? { EMAIL: [{ VALUE: client.email, VALUE_TYPE: 'WORK' }] } : {}),
});

export async function addCompany(c: Bitrix24Client, client: NewClient): Promise<number> {
  const fields = {
    TITLE: client.title,
    COMPANY_TYPE: client.companyType ?? 'CUSTOMER',
    ORIGINATOR_ID: client.originatorId,
    ORIGIN_ID: client.originId,
    ...communications(client),
  };
  return c.call('crm.company.add', { fields }, newIdSchema);
}

/** A person's name as 1C keeps it ("Иванов Иван Иванович") split into the contact's name fields. */
export async function addContact(c: Bitrix24Client, client: NewClient): Promise<number> {
  const [lastName = '', name = '', ...rest] = client.title.trim().split(/\s+/);
  const fields = {
    LAST_NAME: lastName,
    NAME: name || lastName,
    SECOND_NAME: rest.join(' '),
    TYPE_ID: 'CLIENT',
    ORIGINATOR_ID: client.originatorId,
    ORIGIN_ID: client.originId,
    ...communications(client),
  };
  return c.call('crm.contact.add', { fields }, newIdSchema);
}

const presetSchema = z
  .object({ ID: z.coerce.number(), NAME: z.string(), COUNTRY_ID: z.coerce.string().nullish() })
  .passthrough();
export type RequisitePreset = z.infer<typeof presetSchema>;

export async function listPresets(c: Bitrix24Client): Promise<RequisitePreset[]> {
  return c.listAll('crm.requisite.preset.list', { order: { ID: 'ASC' } }, legacyRows, presetSchema);
}

export async function addRequisite(
  c: Bitrix24Client,
  fields: {
    ownerKind: 'company' | 'contact';
    ownerId: number;
    presetId: number;
    name: string;
    inn: string;
    /** Organisations only; empty or absent: no RQ_KPP. */
    kpp?: string;
  },
): Promise<number> {
  return c.call(
    'crm.requisite.add',
    {
      fields: {
        ENTITY_TYPE_ID: OWNER_TYPE[fields.ownerKind],
        ENTITY_ID: fields.ownerId,
        PRESET_ID: fields.presetId,
        NAME: fields.name,
        ACTIVE: 'Y',
        RQ_INN: fields.inn,
        ...(fields.kpp ? { RQ_KPP: fields.kpp } : {}),
        ...(fields.inn.length === 10 ? { RQ_COMPANY_NAME: fields.name } : { RQ_NAME: fields.name }),
      },
    },
    newIdSchema,
  );
}

const addressSchema = z
  .object({
    TYPE_ID: z.coerce.number(),
    ADDRESS_1: z.string().nullish(),
    ADDRESS_2: z.string().nullish(),
    CITY: z.string().nullish(),
    POSTAL_CODE: z.string().nullish(),
    REGION: z.string().nullish(),
    PROVINCE: z.string().nullish(),
    COUNTRY: z.string().nullish(),
  })
  .passthrough();
export type Address = z.infer<typeof addressSchema>;

/** The requisite's legal address (one per type per requisite), or null. */
export async function legalAddressOf(c: Bitrix24Client, requisiteId: number): Promise<Address | null> {
  const params = {
    filter: { TYPE_ID: LEGAL_ADDRESS_TYPE, ENTITY_TYPE_ID: REQUISITE_ENTITY_TYPE_ID, ENTITY_ID: requisiteId },
  };
  const [row] = await c.listAll('crm.address.list', params, legacyRows, addressSchema);
  return row ?? null;
}

export async function hasLegalAddress(c: Bitrix24Client, requisiteId: number): Promise<boolean> {
  return (await legalAddressOf(c, requisiteId)) !== null;
}

/** 1C keeps the legal address as one line; Bitrix24 gets it whole in ADDRESS_1. */
export async function addLegalAddress(
  c: Bitrix24Client,
  requisiteId: number,
  address: string,
): Promise<void> {
  const fields = {
    TYPE_ID: LEGAL_ADDRESS_TYPE,
    ENTITY_TYPE_ID: REQUISITE_ENTITY_TYPE_ID,
    ENTITY_ID: requisiteId,
    ADDRESS_1: address,
  };
  await c.call('crm.address.add', { fields }, z.unknown());
}
