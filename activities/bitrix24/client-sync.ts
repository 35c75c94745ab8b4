/**
 * The Bitrix24 side of counterparty synchronisation (legacy crm.company.*, crm.contact.*, crm.requisite.*,
 * crm.address.*): read a client with its first requisite and legal address, and write owned fields back.
 * Writes change values in place — a multifield value by its ID, the existing requisite, the existing
 * address — so repeating a sync never adds a second phone, requisite or address.
 */
import { z } from 'zod';
import { addressLine, type BitrixClientSide, type BitrixPatch } from '../../domain/counterparty-sync';
import { portalSeconds } from '../../domain/own-writes';
import { PRESET_NAMES } from '../../domain/onec-request';
import type { BitrixClientRef } from '../../domain/onec-request';
import type { Bitrix24Client } from './client';
import {
  addRequisite,
  LEGAL_ADDRESS_TYPE,
  legalAddressOf,
  listPresets,
  listRequisites,
  REQUISITE_ENTITY_TYPE_ID,
} from './clients';
import { contactFullName } from './client-snapshot';
import { getCompany, getContact } from './crm';
import { Bitrix24Error, isBitrix24NotFound } from './errors';
import type { Multifield } from './schemas';

const channels = (values: Multifield[] | null | undefined) =>
  (values ?? []).map((m) => ({ id: m.ID ?? '', value: m.VALUE }));

/** The client as the sync compares it; null when Bitrix24 no longer has it. */
export async function readBitrixClientSide(
  c: Bitrix24Client,
  client: BitrixClientRef,
): Promise<BitrixClientSide | null> {
  try {
    if (client.kind === 'contact') {
      const contact = await getContact(c, client.id);
      return {
        ...client,
        name: contactFullName(contact),
        phones: channels(contact.PHONE),
        emails: channels(contact.EMAIL),
        companyType: '',
        requisite: null,
        legalAddress: null,
      };
    }
    const company = await getCompany(c, client.id);
    const [first] = await listRequisites(c, 'company', client.id);
    const requisite = first
      ? {
          id: Number(first.ID),
          presetId: Number(first.PRESET_ID ?? 0),
          inn: first.RQ_INN ?? '',
          kpp: first.RQ_KPP ?? '',
        }
      : null;
    const address = requisite ? await legalAddressOf(c, requisite.id) : null;
    return {
      ...client,
      name: company.TITLE ?? '',
      phones: channels(company.PHONE),
      emails: channels(company.EMAIL),
      companyType: company.COMPANY_TYPE ?? '',
      requisite,
      legalAddress: address === null ? null : addressLine(address),
    };
  } catch (err) {
    if (isBitrix24NotFound(err)) return null;
    throw err;
  }
}

/**
 * Applies the patch; returns the client's `DATE_MODIFY` after a write to the client itself (Unix seconds,
 * how the workflow recognises the update event that write raises), null when only the requisite changed.
 */
export async function writeBitrixClientSide(
  c: Bitrix24Client,
  client: BitrixClientRef,
  patch: BitrixPatch,
): Promise<{ modifiedAt: number | null }> {
  const fields: Record<string, unknown> = {};
  if (patch.name !== undefined) Object.assign(fields, nameFields(client.kind, patch.name));
  if (patch.companyType !== undefined && client.kind === 'company') fields.COMPANY_TYPE = patch.companyType;
  if (patch.phone) fields.PHONE = [channelValue(patch.phone)];
  if (patch.email) fields.EMAIL = [channelValue(patch.email)];
  let modifiedAt: number | null = null;
  if (Object.keys(fields).length > 0) {
    await c.call(`crm.${client.kind}.update`, { id: client.id, fields }, z.unknown());
    const after = client.kind === 'company' ? await getCompany(c, client.id) : await getContact(c, client.id);
    const seconds = portalSeconds(after.DATE_MODIFY ?? '');
    modifiedAt = Number.isFinite(seconds) ? seconds : null;
  }
  if (
    client.kind === 'company' &&
    (patch.requisite || patch.kpp !== undefined || patch.legalAddress !== undefined)
  ) {
    const requisiteId = await upsertRequisite(c, client.id, patch);
    if (requisiteId !== null && patch.legalAddress !== undefined)
      await upsertLegalAddress(c, requisiteId, patch.legalAddress);
  }
  return { modifiedAt };
}

function nameFields(kind: 'company' | 'contact', name: string): Record<string, string> {
  if (kind === 'company') return { TITLE: name };
  const [lastName = '', first = '', ...rest] = name.trim().split(/\s+/);
  return { LAST_NAME: lastName, NAME: first || lastName, SECOND_NAME: rest.join(' ') };
}

function channelValue(change: { replaceId: string | null; value: string }) {
  return change.replaceId
    ? { ID: change.replaceId, VALUE: change.value }
    : { VALUE: change.value, VALUE_TYPE: 'WORK' };
}

/** The company's first requisite with the INN written into it; added only when the company has none. */
async function upsertRequisite(
  c: Bitrix24Client,
  companyId: number,
  patch: BitrixPatch,
): Promise<number | null> {
  const [existing] = await listRequisites(c, 'company', companyId);
  const wanted = patch.requisite;
  const kpp = patch.kpp !== undefined ? { RQ_KPP: patch.kpp } : {};
  if (!wanted) {
    if (!existing) return null;
    if (patch.kpp !== undefined)
      await c.call('crm.requisite.update', { id: Number(existing.ID), fields: kpp }, z.unknown());
    return Number(existing.ID);
  }
  const presets = await listPresets(c);
  const names = PRESET_NAMES[wanted.kind];
  const preset = presets.find((p) => names.includes(p.NAME.trim()));
  const nameField = wanted.kind === 'legal' ? 'RQ_COMPANY_NAME' : 'RQ_NAME';
  if (!existing) {
    const fallback = preset ?? presets[0];
    if (!fallback) throw new Error('Bitrix24 has no requisite presets (crm.requisite.preset.list is empty)');
    return addRequisite(c, {
      ownerKind: 'company',
      ownerId: companyId,
      presetId: fallback.ID,
      name: wanted.name,
      inn: wanted.inn,
      ...(patch.kpp ? { kpp: patch.kpp } : {}),
    });
  }
  const fields: Record<string, unknown> = { RQ_INN: wanted.inn, [nameField]: wanted.name, ...kpp };
  // An INN of the other length means the other kind of taxpayer: the requisite moves to its preset.
  if (preset && Number(existing.PRESET_ID) !== preset.ID) {
    fields.PRESET_ID = preset.ID;
    fields.NAME = preset.NAME;
  }
  await c.call('crm.requisite.update', { id: Number(existing.ID), fields }, z.unknown());
  return Number(existing.ID);
}

/** 1C's one-line address goes whole into ADDRESS_1; the other parts are cleared so they cannot contradict it. */
async function upsertLegalAddress(c: Bitrix24Client, requisiteId: number, line: string): Promise<void> {
  const fields = {
    TYPE_ID: LEGAL_ADDRESS_TYPE,
    ENTITY_TYPE_ID: REQUISITE_ENTITY_TYPE_ID,
    ENTITY_ID: requisiteId,
    ADDRESS_1: line,
    ADDRESS_2: '',
    CITY: '',
    POSTAL_CODE: '',
    REGION: '',
    PROVINCE: '',
    COUNTRY: '',
  };
  if ((await legalAddressOf(c, requisiteId)) !== null) {
    await c.call('crm.address.update', { fields }, z.unknown());
    return;
  }
  try {
    await c.call('crm.address.add', { fields }, z.unknown());
  } catch (err) {
    // Added by a retry of this very call whose answer was lost: the address is there, bring it up to date.
    if (!(err instanceof Bitrix24Error) || !/TypeAddress exists/i.test(err.description)) throw err;
    await c.call('crm.address.update', { fields }, z.unknown());
  }
}
