/**
 * Rules for a request born in 1C (a «Заявка» a 1C operator registered): what its Bitrix24 item looks like,
 * who is responsible for it, how its client is looked for and created in Bitrix24, and what the responsible
 * manager is told when 1C changes its status. Pure, so the workflow can replay every decision.
 */
import { validEmails, validPhones } from './contact-channels';
import type { MatchRule } from './counterparty';
import { cleanInn, innKind, isValidInn, isValidKpp } from './inn';
import type { CounterpartyType, RequestType } from './request';
import type { StatusMap } from './status-map';

/** The 1C document as the integration needs it to make a Bitrix24 item. */
export interface OneCRequestSnapshot {
  ref: string;
  number: string;
  /** Naive local date-time of the base. */
  date: string;
  posted: boolean;
  deletionMark: boolean;
  counterpartyRef: string | null;
  description: string;
  type: RequestType | null;
  /** `PredefinedDataName` of its status. */
  status: string;
  /** 1C «Ответственный»: a display name ("Иванова Мария"). */
  responsible: string;
  /** `ИдЭлементаБитрикс24`; empty while the document is not linked to Bitrix24. */
  bitrixItemId: string;
}

/** The 1C counterparty of such a request, with what is needed to find or create its Bitrix24 client. */
export interface OneCCounterpartySnapshot {
  ref: string;
  name: string;
  inn: string;
  /**
   * `КПП`; empty when 1C has none (always for a person or an individual entrepreneur). Optional: snapshots
   * in histories written before the attribute existed lack it.
   */
  kpp?: string;
  phone: string;
  email: string;
  legalAddress: string;
  type: CounterpartyType | null;
  /** `ИдКомпанииБитрикс24`: `"42"` company 42, `"C42"` contact 42, empty when not linked. */
  bitrixKey: string;
}

export interface BitrixClientRef {
  kind: 'company' | 'contact';
  id: number;
}

/** Where the link field points, or null when it is empty or not an id we wrote. */
export function parseBitrixClientKey(key: string): BitrixClientRef | null {
  const match = /^(C?)(\d{1,18})$/.exec(key.trim());
  if (!match) return null;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return { kind: match[1] === 'C' ? 'contact' : 'company', id };
}

/** Inverse of `parseBitrixClientKey`; same spelling as `bitrixClientKey` of the other direction. */
export function formatBitrixClientKey(client: BitrixClientRef): string {
  return client.kind === 'company' ? String(client.id) : `C${client.id}`;
}

export interface ClientCriterion {
  rule: MatchRule;
  value: string;
}

/**
 * Search keys for the counterparty's Bitrix24 client, in the configured order (the same `matching.order` as
 * the other direction): the stored link, then INN in requisites, then phone and e-mail. An INN failing the
 * checksum is never used.
 */
export function clientCriteria(
  counterparty: OneCCounterpartySnapshot,
  order: readonly MatchRule[],
): ClientCriterion[] {
  const criteria: ClientCriterion[] = [];
  for (const rule of new Set(order)) {
    for (const value of valuesFor(counterparty, rule)) criteria.push({ rule, value });
  }
  return criteria;
}

function valuesFor(c: OneCCounterpartySnapshot, rule: MatchRule): string[] {
  switch (rule) {
    case 'bitrixId':
      return parseBitrixClientKey(c.bitrixKey) ? [c.bitrixKey.trim()] : [];
    case 'inn': {
      const inn = cleanInn(c.inn);
      return inn !== null && isValidInn(inn) ? [inn] : [];
    }
    case 'phone':
      return validPhones([c.phone]);
    case 'email':
      return validEmails([c.email]);
  }
}

/** A person becomes a Bitrix24 contact; organisations, sole proprietors and suppliers become companies. */
export function bitrixClientKind(counterparty: OneCCounterpartySnapshot): 'company' | 'contact' {
  if (counterparty.type === 'ФизическоеЛицо') return 'contact';
  return 'company';
}

export type RequisiteKind = 'legal' | 'individual';

/** Requisite of a new company: 10-digit INN → organisation, 12 digits → sole proprietor; none without INN. */
export function requisiteDraft(
  counterparty: OneCCounterpartySnapshot,
): { kind: RequisiteKind; inn: string; kpp: string; name: string; legalAddress: string } | null {
  const inn = cleanInn(counterparty.inn);
  if (inn === null || !isValidInn(inn)) return null;
  const kind = innKind(inn);
  if (kind === null) return null;
  // Only an organisation has a КПП; a malformed one stays in 1C for the accountant to correct.
  const kpp = (counterparty.kpp ?? '').trim();
  return {
    kind,
    inn,
    kpp: kind === 'legal' && isValidKpp(kpp) ? kpp : '',
    name: counterparty.name.trim(),
    legalAddress: counterparty.legalAddress.trim(),
  };
}

/** Bitrix24 names of the requisite presets for each kind, as RU portals ship them (ids differ per portal). */
export const PRESET_NAMES: Record<RequisiteKind, readonly string[]> = {
  legal: ['Организация', 'Organization'],
  individual: ['ИП', 'Индивидуальный предприниматель', 'Sole Proprietorship'],
};

/** Configuration of 1C-born requests (config `onecRequests`). */
export interface OneCRequestRules {
  /** 1C «Ответственный» (display name, compared case- and blank-insensitively) → Bitrix24 user id. */
  responsibleUsers: Record<string, number>;
  /** Responsible when «Ответственный» is empty or not in the map. */
  fallbackUserId: number;
}

const normaliseName = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

export function responsibleUserId(responsible: string, rules: OneCRequestRules): number {
  const wanted = normaliseName(responsible);
  if (wanted === '') return rules.fallbackUserId;
  for (const [name, userId] of Object.entries(rules.responsibleUsers)) {
    if (normaliseName(name) === wanted) return userId;
  }
  return rules.fallbackUserId;
}

/** Bitrix24 enumeration id of a 1C request type: the configured `mapping.requestTypes` read backwards. */
export function requestTypeEnumId(
  type: RequestType | null,
  requestTypes: Record<string, RequestType>,
): string | null {
  if (type === null) return null;
  const ids = Object.entries(requestTypes)
    .filter(([, t]) => t === type)
    .map(([id]) => id)
    .sort((a, b) => Number(a) - Number(b));
  return ids[0] ?? null;
}

const TITLE_LENGTH = 120;

/** The item's title: the 1C number plus the first line of the description (1C documents have no title). */
export function itemTitle(document: Pick<OneCRequestSnapshot, 'number' | 'description'>): string {
  const number = document.number.trim();
  const firstLine = document.description.trim().split(/\r?\n/)[0]?.trim() ?? '';
  const title = firstLine ? `${firstLine} (1С № ${number})` : `Заявка 1С № ${number}`;
  return title.length <= TITLE_LENGTH ? title : `${title.slice(0, TITLE_LENGTH - 1)}…`;
}

export interface ItemDraft {
  title: string;
  description: string;
  requestTypeId: string | null;
  stageId: string;
  assignedById: number;
  client: BitrixClientRef;
  onecRef: string;
  onecNumber: string;
}

/** Fields of the Bitrix24 item for a 1C-born request; its stage follows the 1C status (first stage if unmapped). */
export function itemDraft(
  document: OneCRequestSnapshot,
  client: BitrixClientRef,
  context: { map: StatusMap; requestTypes: Record<string, RequestType>; rules: OneCRequestRules },
): ItemDraft {
  return {
    title: itemTitle(document),
    description: document.description,
    requestTypeId: requestTypeEnumId(document.type, context.requestTypes),
    stageId: context.map.stageForStatus(document.status) ?? context.map.pairs[0]?.stageId ?? '',
    assignedById: responsibleUserId(document.responsible, context.rules),
    client,
    onecRef: document.ref,
    onecNumber: document.number.trim(),
  };
}

/** Russian names of the 1C statuses for messages (the catalog's `Description` of the predefined items). */
const STATUS_TITLES: Record<string, string> = {
  Новая: 'Новая',
  ВРаботе: 'В работе',
  ОжидаетУточнения: 'Ожидает уточнения',
  Завершена: 'Завершена',
  Отменена: 'Отменена',
};

export function statusTitle(status: string): string {
  return STATUS_TITLES[status] ?? status;
}

/** Statuses whose change in 1C is told to the responsible manager unless configured otherwise. */
export const DEFAULT_NOTIFY_ON_ONEC_STATUSES = ['ОжидаетУточнения', 'Завершена', 'Отменена'] as const;

/** Card of a smart-process item in the portal UI, from the portal's origin. */
export function itemUrl(portalUrl: string, entityTypeId: number, itemId: number): string {
  const origin = portalUrl.replace(/\/+$/, '');
  return `${origin}/crm/type/${entityTypeId}/details/${itemId}/`;
}

/** The manager's notification when 1C moves a request; BB-code link to the item, as Bitrix24 messages allow. */
export function onecStatusMessage(input: {
  itemId: number;
  documentNumber: string;
  status: string;
  url: string | null;
}): string {
  const text = `В 1С изменён статус заявки № ${input.itemId} (документ 1С № ${input.documentNumber}): «${statusTitle(input.status)}».`;
  return input.url ? `${text} [URL=${input.url}]Открыть заявку[/URL]` : text;
}
