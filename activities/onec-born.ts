/**
 * Activities of requests born in 1C: read the document and its counterparty, find or create the client in
 * Bitrix24, create the item at most once, and link the document to it. Every write is idempotent — found by
 * a key the write itself stored (ORIGIN_ID of the client, the 1C reference field of the item,
 * `ИдЭлементаБитрикс24` of the document) — so a retry after a lost answer never creates a second object.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { MatchRule } from '../domain/counterparty';
import { EMPTY_REF } from '../domain/history';
import {
  bitrixClientKind,
  clientCriteria,
  formatBitrixClientKey,
  parseBitrixClientKey,
  PRESET_NAMES,
  requisiteDraft,
  type BitrixClientRef,
  type ItemDraft,
  type OneCCounterpartySnapshot,
  type OneCRequestSnapshot,
} from '../domain/onec-request';
import {
  addCompany,
  addContact,
  addLegalAddress,
  addRequisite,
  clientTitle,
  findByCommunication,
  findRequisitesByInn,
  hasLegalAddress,
  listByOrigin,
  listPresets,
  listRequisites,
} from './bitrix24/clients';
import type { Bitrix24Client } from './bitrix24/client';
import { addItem, addTimelineComment, listItems } from './bitrix24/crm';
import type { FoundBitrixClient, LinkedDocument, OneCBornActivities } from './contract';
import type { ActivityDeps } from './deps';
import { getCounterparty, updateCounterparty } from './onec/counterparties';
import { OneCPreconditionFailed } from './onec/errors';
import { getRequest, listUnlinkedRequests, setRequestItemId } from './onec/requests';

/** ORIGINATOR_ID of the clients we create in Bitrix24; ORIGIN_ID is the 1C counterparty's Ref_Key. */
export const ORIGINATOR_ID = 'b24-onec-bridge';

/** Someone else writing the same 1C object between our read and our write: re-read and try again. */
const PRECONDITION_ATTEMPTS = 3;

export function createOneCBornActivities(deps: ActivityDeps): OneCBornActivities {
  const { bitrix, onec, entityTypeId, fields, statuses } = deps;

  async function readOneCRequest(ref: string): Promise<OneCRequestSnapshot | null> {
    const d = await getRequest(onec, ref);
    if (!d) return null;
    const status = d.statusRef === EMPTY_REF ? '' : await statuses.nameByRef(d.statusRef);
    return {
      ref: d.ref,
      number: d.number.trim(),
      date: d.date,
      posted: d.posted,
      deletionMark: d.deletionMark,
      counterpartyRef: d.counterpartyRef ?? null,
      description: d.description,
      type: d.type ?? null,
      status,
      responsible: d.responsible.trim(),
      bitrixItemId: d.bitrixItemId.trim(),
    };
  }

  async function readOneCCounterparty(ref: string): Promise<OneCCounterpartySnapshot | null> {
    const c = await getCounterparty(onec, ref);
    if (!c) return null;
    return {
      ref: c.Ref_Key,
      name: c.Description.trim(),
      inn: c.ИНН.trim(),
      kpp: (c.КПП ?? '').trim(),
      phone: c.Телефон.trim(),
      email: c.Email.trim(),
      legalAddress: (c.ЮридическийАдрес ?? '').trim(),
      type: c.ТипКонтрагента === '' ? null : c.ТипКонтрагента,
      bitrixKey: c.ИдКомпанииБитрикс24.trim(),
    };
  }

  async function findBitrixClient(input: {
    counterparty: OneCCounterpartySnapshot;
    order: MatchRule[];
  }): Promise<FoundBitrixClient | null> {
    const kind = bitrixClientKind(input.counterparty);
    for (const { rule, value } of clientCriteria(input.counterparty, input.order)) {
      const ids = await candidates(bitrix, rule, value, kind);
      // An ambiguous rule is skipped: guessing would bind the request to the wrong client.
      if (ids.client.length !== 1) continue;
      const client = { kind: ids.kind, id: ids.client[0]! };
      const name = await clientTitle(bitrix, client.kind, client.id);
      if (name !== null) return { client, name, rule, value };
    }
    return null;
  }

  async function createBitrixClient(
    counterparty: OneCCounterpartySnapshot,
  ): Promise<{ client: BitrixClientRef; name: string; requisite: boolean }> {
    const kind = bitrixClientKind(counterparty);
    const mine = await listByOrigin(bitrix, kind, ORIGINATOR_ID, counterparty.ref);
    const newClient = {
      title: counterparty.name,
      phone: counterparty.phone,
      email: counterparty.email,
      ...(counterparty.type === 'Поставщик' ? { companyType: 'SUPPLIER' } : {}),
      originatorId: ORIGINATOR_ID,
      originId: counterparty.ref,
    };
    const id =
      mine[0] ??
      (kind === 'company' ? await addCompany(bitrix, newClient) : await addContact(bitrix, newClient));
    const requisite = kind === 'company' ? await ensureRequisite(bitrix, id, counterparty) : false;
    return { client: { kind, id }, name: counterparty.name, requisite };
  }

  async function linkCounterpartyToBitrix(input: {
    counterpartyRef: string;
    client: BitrixClientRef;
  }): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const existing = await getCounterparty(onec, input.counterpartyRef);
      // 1C is the master of what its users entered: a filled link is never overwritten.
      if (!existing || existing.ИдКомпанииБитрикс24.trim() !== '') return false;
      const patch = { ИдКомпанииБитрикс24: formatBitrixClientKey(input.client) };
      try {
        await updateCounterparty(onec, input.counterpartyRef, patch, existing.DataVersion);
        return true;
      } catch (err) {
        if (!(err instanceof OneCPreconditionFailed) || attempt >= PRECONDITION_ATTEMPTS) throw err;
      }
    }
  }

  async function ensureBitrixItem(input: {
    draft: ItemDraft;
    categoryId: number;
  }): Promise<{ itemId: number; created: boolean }> {
    const { draft } = input;
    // The 1C reference travels with the item from its first write, so a retry after a lost answer — or the
    // sweep running beside a notification — finds the first item instead of creating a second one.
    const existing = await listItems(bitrix, entityTypeId, { [fields.onecRef]: draft.onecRef }, ['id'], {
      max: 1,
    });
    if (existing[0]) return { itemId: existing[0].id, created: false };
    const item = await addItem(bitrix, entityTypeId, {
      title: draft.title,
      categoryId: input.categoryId,
      stageId: draft.stageId,
      assignedById: draft.assignedById,
      ...(draft.client.kind === 'company' ? { companyId: draft.client.id } : { contactId: draft.client.id }),
      [fields.description]: draft.description,
      ...(draft.requestTypeId ? { [fields.requestType]: draft.requestTypeId } : {}),
      [fields.onecRef]: draft.onecRef,
      [fields.onecNumber]: draft.onecNumber,
    });
    await addTimelineComment(bitrix, {
      entityType: `dynamic_${entityTypeId}`,
      entityId: item.id,
      comment: `Заявка зарегистрирована в 1С: документ «Заявка» № ${draft.onecNumber}.`,
    });
    return { itemId: item.id, created: true };
  }

  async function linkDocumentToItem(input: {
    documentRef: string;
    itemId: number;
  }): Promise<LinkedDocument | null> {
    for (let attempt = 1; ; attempt++) {
      const document = await getRequest(onec, input.documentRef);
      if (!document || document.deletionMark) return null;
      const linked = document.bitrixItemId.trim();
      if (linked !== '' && linked !== String(input.itemId)) {
        throw ApplicationFailure.nonRetryable(
          `1C document ${document.number} is linked to Bitrix24 item ${linked}, not ${input.itemId}: ` +
            `clear ${fields.onecRef} of one of the two items`,
          'DocumentLinkedElsewhere',
        );
      }
      let current = document;
      try {
        if (linked === '')
          current = await setRequestItemId(onec, input.documentRef, input.itemId, document.dataVersion);
      } catch (err) {
        if (!(err instanceof OneCPreconditionFailed) || attempt >= PRECONDITION_ATTEMPTS) throw err;
        continue;
      }
      return {
        ref: current.ref,
        number: current.number.trim(),
        status: await statuses.nameByRef(current.statusRef),
        created: false,
        counterpartyRef: current.counterpartyRef ?? null,
        linkedNow: linked === '',
      };
    }
  }

  async function listUnlinkedOneCRequests(input: { since: string; limit: number }): Promise<string[]> {
    const rows = await listUnlinkedRequests(onec, new Date(input.since), { top: input.limit, skip: 0 });
    return rows.map((r) => r.ref);
  }

  return {
    readOneCRequest,
    readOneCCounterparty,
    findBitrixClient,
    createBitrixClient,
    linkCounterpartyToBitrix,
    ensureBitrixItem,
    linkDocumentToItem,
    listUnlinkedOneCRequests,
  };
}

async function candidates(
  bitrix: Bitrix24Client,
  rule: MatchRule,
  value: string,
  kind: 'company' | 'contact',
): Promise<{ kind: 'company' | 'contact'; client: number[] }> {
  switch (rule) {
    case 'bitrixId': {
      const ref = parseBitrixClientKey(value);
      return ref ? { kind: ref.kind, client: [ref.id] } : { kind, client: [] };
    }
    case 'inn': {
      const requisites = await findRequisitesByInn(bitrix, value);
      return { kind: 'company', client: [...new Set(requisites.map((r) => Number(r.ENTITY_ID)))] };
    }
    case 'phone':
    case 'email': {
      const type = rule === 'phone' ? 'PHONE' : 'EMAIL';
      const entity = kind === 'company' ? 'COMPANY' : 'CONTACT';
      return { kind, client: await findByCommunication(bitrix, type, value, entity) };
    }
  }
}

/** The company's requisite with INN (and legal address), added unless one is there already. */
async function ensureRequisite(
  bitrix: Bitrix24Client,
  companyId: number,
  counterparty: OneCCounterpartySnapshot,
): Promise<boolean> {
  const draft = requisiteDraft(counterparty);
  if (!draft) return false;
  const existing = await listRequisites(bitrix, 'company', companyId);
  let requisiteId = existing[0] ? Number(existing[0].ID) : null;
  if (requisiteId === null) {
    const presets = await listPresets(bitrix);
    const names = PRESET_NAMES[draft.kind];
    const preset = presets.find((p) => names.includes(p.NAME.trim())) ?? presets[0];
    if (!preset) throw new Error('Bitrix24 has no requisite presets (crm.requisite.preset.list is empty)');
    requisiteId = await addRequisite(bitrix, {
      ownerKind: 'company',
      ownerId: companyId,
      presetId: preset.ID,
      name: draft.name,
      inn: draft.inn,
      kpp: draft.kpp,
    });
  }
  if (draft.legalAddress && !(await hasLegalAddress(bitrix, requisiteId)))
    await addLegalAddress(bitrix, requisiteId, draft.legalAddress);
  return true;
}
