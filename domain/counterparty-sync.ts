/**
 * Keeping a linked Bitrix24 client and its 1C counterparty in step. Every synchronised field has exactly one
 * owner (configuration `counterpartySync.ownership`): the owner's value is copied to the other side, the
 * other side's edits of that field are overwritten. That makes a sync stateless and idempotent — it compares
 * both sides as they are now, so a burst of events, a duplicate delivery or the echo of our own write all
 * end in "nothing to do" — and it needs no clock comparison between the two systems.
 *
 * Pure: the entity workflow runs it on what its activities read.
 */
import { normaliseEmail, normalisePhone, validEmails, validPhones } from './contact-channels';
import { counterpartyTypeFor, type ClientTypeMapping } from './counterparty';
import { cleanInn, innKind, isValidInn, isValidKpp, type InnKind } from './inn';
import type { CounterpartyType } from './request';
import type { SyncSource } from './status-sync';

export const SYNC_FIELDS = ['name', 'phone', 'email', 'clientType', 'inn', 'kpp', 'legalAddress'] as const;
export type SyncField = (typeof SYNC_FIELDS)[number];
export type Ownership = Record<SyncField, SyncSource>;

/**
 * Bitrix24 is where managers keep contact data; 1C is where accountants keep the legal identity. INN and
 * the legal address are requisites of companies only (a contact has no requisite of ours); so is KPP, of
 * organisations only (an individual entrepreneur has none).
 */
export const DEFAULT_OWNERSHIP: Ownership = {
  name: 'bitrix24',
  phone: 'bitrix24',
  email: 'bitrix24',
  clientType: 'bitrix24',
  inn: 'onec',
  kpp: 'onec',
  legalAddress: 'onec',
};

/** 1C `Description` is Строка(150), `ЮридическийАдрес` Строка(300). */
const NAME_LENGTH = 150;
const ADDRESS_LENGTH = 300;

export interface Channel {
  /** Multifield value id (`crm.company.update` changes a value in place by it). */
  id: string;
  value: string;
}

/** The Bitrix24 company/contact as the sync sees it. */
export interface BitrixClientSide {
  kind: 'company' | 'contact';
  id: number;
  name: string;
  phones: Channel[];
  emails: Channel[];
  /** `COMPANY_TYPE`; empty for contacts. */
  companyType: string;
  /** The company's first requisite (the one we keep up to date), if any. */
  requisite: { id: number; presetId: number; inn: string; kpp: string } | null;
  /** Legal address (type 6) of that requisite as one line; null when it has none. */
  legalAddress: string | null;
}

/** The 1C counterparty as the sync sees it (values trimmed). */
export interface OneCCounterpartySide {
  ref: string;
  dataVersion: string;
  name: string;
  phone: string;
  email: string;
  type: CounterpartyType | '';
  inn: string;
  kpp: string;
  legalAddress: string;
}

/** PATCH of `Catalog_Контрагенты`. */
export interface OneCPatch {
  Description?: string;
  Телефон?: string;
  Email?: string;
  ТипКонтрагента?: CounterpartyType;
  ИНН?: string;
  КПП?: string;
  ЮридическийАдрес?: string;
}

/** What to write to Bitrix24; a channel replaces the value `replaceId` in place (none: add one). */
export interface BitrixPatch {
  name?: string;
  phone?: { replaceId: string | null; value: string };
  email?: { replaceId: string | null; value: string };
  companyType?: string;
  /** Update the requisite (or add the first one) with this INN and the preset of its kind. */
  requisite?: { inn: string; kind: InnKind; name: string };
  /** `RQ_KPP` of that requisite; '' clears it (an individual entrepreneur has none). */
  kpp?: string;
  /** Legal address of the requisite (updated in place, added when there is none). */
  legalAddress?: string;
}

export interface FieldChange {
  field: SyncField;
  from: string;
  to: string;
}

export interface SyncPlan {
  toOneC: OneCPatch;
  toBitrix: BitrixPatch;
  /** What changes in 1C / in Bitrix24, for the history rows. */
  onecChanges: FieldChange[];
  bitrixChanges: FieldChange[];
}

export function isEmptyPlan(plan: SyncPlan): boolean {
  return plan.onecChanges.length === 0 && plan.bitrixChanges.length === 0;
}

/**
 * The writes that make both sides agree on every owned field. Values are compared normalised (a phone in
 * another spelling is the same phone); an owner's blank value never erases the other side — a blank is more
 * often "not filled in yet" than "deleted on purpose".
 */
export function planSync(
  bitrix: BitrixClientSide,
  onec: OneCCounterpartySide,
  ownership: Ownership,
  clientTypes: ClientTypeMapping,
): SyncPlan {
  const plan: SyncPlan = { toOneC: {}, toBitrix: {}, onecChanges: [], bitrixChanges: [] };
  const toOneC = <K extends keyof OneCPatch>(field: SyncField, key: K, from: string, to: OneCPatch[K]) => {
    plan.toOneC[key] = to;
    plan.onecChanges.push({ field, from, to: String(to) });
  };
  const toBitrix = (field: SyncField, from: string, to: string, apply: (p: BitrixPatch) => void) => {
    apply(plan.toBitrix);
    plan.bitrixChanges.push({ field, from, to });
  };

  // Name.
  const bitrixName = bitrix.name.trim().slice(0, NAME_LENGTH);
  if (ownership.name === 'bitrix24') {
    if (bitrixName !== '' && bitrixName !== onec.name) toOneC('name', 'Description', onec.name, bitrixName);
  } else if (onec.name !== '' && onec.name !== bitrix.name.trim()) {
    toBitrix('name', bitrix.name.trim(), onec.name, (p) => (p.name = onec.name));
  }

  syncChannel(plan, 'phone', bitrix.phones, onec.phone, ownership.phone, normalisePhone, validPhones);
  syncChannel(plan, 'email', bitrix.emails, onec.email, ownership.email, normaliseEmail, validEmails);

  // Client type: a contact is always a person in 1C; only a company's type can travel to Bitrix24.
  const bitrixType = counterpartyTypeFor({ kind: bitrix.kind, typeId: bitrix.companyType }, clientTypes);
  if (ownership.clientType === 'bitrix24' || bitrix.kind === 'contact') {
    if (onec.type !== bitrixType) toOneC('clientType', 'ТипКонтрагента', onec.type, bitrixType);
  } else if (onec.type !== '' && onec.type !== 'ФизическоеЛицо' && onec.type !== bitrixType) {
    const wanted =
      onec.type === 'Поставщик' ? (clientTypes.supplierCompanyTypes[0] ?? 'SUPPLIER') : 'CUSTOMER';
    toBitrix('clientType', bitrix.companyType, wanted, (p) => (p.companyType = wanted));
  }

  if (bitrix.kind === 'company') syncRequisite(plan, bitrix, onec, ownership, toOneC, toBitrix);
  return plan;
}

function syncChannel(
  plan: SyncPlan,
  field: 'phone' | 'email',
  channels: Channel[],
  onecRaw: string,
  owner: SyncSource,
  normalise: (raw: string) => string | null,
  valid: (raws: readonly string[]) => string[],
): void {
  const key = field === 'phone' ? 'Телефон' : 'Email';
  const bitrixValues = valid(channels.map((c) => c.value));
  const onecValue = normalise(onecRaw);
  // In step when 1C's one value is any of the client's values: 1C has room for one, Bitrix24 for many.
  const inStep = onecValue !== null && bitrixValues.includes(onecValue);
  if (inStep) {
    // Same number, another spelling in 1C: store the canonical form so lookups by `eq` find it.
    if (owner === 'bitrix24' && onecRaw !== onecValue) {
      plan.toOneC[key] = onecValue;
      plan.onecChanges.push({ field, from: onecRaw, to: onecValue });
    }
    return;
  }
  if (owner === 'bitrix24') {
    const first = bitrixValues[0];
    if (first === undefined) return;
    plan.toOneC[key] = first;
    plan.onecChanges.push({ field, from: onecRaw, to: first });
    return;
  }
  if (onecValue === null) return;
  // Replace the first value rather than add one: repeated syncs must never grow the list.
  const replaced = channels[0];
  plan.toBitrix[field] = { replaceId: replaced?.id ?? null, value: onecValue };
  plan.bitrixChanges.push({ field, from: replaced?.value ?? '', to: onecValue });
}

/** Records one field going to 1C / to Bitrix24 in the plan (built by the caller, shared by the field rules). */
type ToOneC = <K extends keyof OneCPatch>(field: SyncField, key: K, from: string, to: OneCPatch[K]) => void;
type ToBitrix = (field: SyncField, from: string, to: string, apply: (p: BitrixPatch) => void) => void;

function syncRequisite(
  plan: SyncPlan,
  bitrix: BitrixClientSide,
  onec: OneCCounterpartySide,
  ownership: Ownership,
  toOneC: ToOneC,
  toBitrix: ToBitrix,
): void {
  const bitrixInn = cleanInn(bitrix.requisite?.inn) ?? '';
  const onecInn = cleanInn(onec.inn) ?? '';
  const usable = (inn: string) => inn !== '' && isValidInn(inn) && innKind(inn) !== null;
  if (ownership.inn === 'onec') {
    if (usable(onecInn) && onecInn !== bitrixInn) {
      const kind = innKind(onecInn) ?? 'legal';
      const name = (onec.name || bitrix.name).trim();
      toBitrix('inn', bitrixInn, onecInn, (p) => (p.requisite = { inn: onecInn, kind, name }));
    }
  } else if (usable(bitrixInn) && bitrixInn !== onecInn) {
    toOneC('inn', 'ИНН', onec.inn, bitrixInn);
  }

  syncKpp(plan, bitrix, onec, ownership, toOneC, toBitrix);

  const bitrixAddress = (bitrix.legalAddress ?? '').trim();
  if (ownership.legalAddress === 'onec') {
    const address = onec.legalAddress.trim();
    // An address belongs to a requisite: without one (and none being made) there is nowhere to put it.
    const hasHome = bitrix.requisite !== null || plan.toBitrix.requisite !== undefined;
    if (address !== '' && address !== bitrixAddress && hasHome)
      toBitrix('legalAddress', bitrixAddress, address, (p) => (p.legalAddress = address));
  } else if (bitrixAddress !== '' && bitrixAddress !== onec.legalAddress.trim()) {
    toOneC('legalAddress', 'ЮридическийАдрес', onec.legalAddress, bitrixAddress.slice(0, ADDRESS_LENGTH));
  }
}

/**
 * KPP follows the taxpayer kind the requisite ends up with: an organisation's KPP is copied like the INN, an
 * individual entrepreneur's requisite never keeps one (left over from when the INN was an organisation's).
 */
function syncKpp(
  plan: SyncPlan,
  bitrix: BitrixClientSide,
  onec: OneCCounterpartySide,
  ownership: Ownership,
  toOneC: ToOneC,
  toBitrix: ToBitrix,
): void {
  // Sides and settings recorded before KPP was synchronised lack it: read as blank / the default owner.
  const bitrixKpp = (bitrix.requisite?.kpp ?? '').trim();
  const onecKpp = (onec.kpp ?? '').trim();
  const owner = (ownership.kpp as SyncSource | undefined) ?? DEFAULT_OWNERSHIP.kpp;
  const inn = plan.toBitrix.requisite?.inn ?? cleanInn(bitrix.requisite?.inn) ?? '';
  const kind = innKind(inn);
  if (owner === 'onec') {
    const hasHome = bitrix.requisite !== null || plan.toBitrix.requisite !== undefined;
    if (!hasHome) return;
    if (kind === 'individual') {
      if (bitrixKpp !== '') toBitrix('kpp', bitrixKpp, '', (p) => (p.kpp = ''));
      return;
    }
    if (isValidKpp(onecKpp) && onecKpp !== bitrixKpp)
      toBitrix('kpp', bitrixKpp, onecKpp, (p) => (p.kpp = onecKpp));
  } else if (kind === 'legal' && isValidKpp(bitrixKpp) && bitrixKpp !== onecKpp) {
    toOneC('kpp', 'КПП', onec.kpp, bitrixKpp);
  }
}

/** Bitrix24 keeps an address in parts; 1C in one line. We write the whole line into ADDRESS_1. */
export function addressLine(parts: {
  ADDRESS_1?: string | null;
  ADDRESS_2?: string | null;
  CITY?: string | null;
  POSTAL_CODE?: string | null;
  REGION?: string | null;
  PROVINCE?: string | null;
  COUNTRY?: string | null;
}): string {
  const ordered = [
    parts.POSTAL_CODE,
    parts.COUNTRY,
    parts.PROVINCE,
    parts.REGION,
    parts.CITY,
    parts.ADDRESS_1,
    parts.ADDRESS_2,
  ];
  return ordered
    .map((p) => (p ?? '').trim())
    .filter((p) => p !== '')
    .join(', ');
}
