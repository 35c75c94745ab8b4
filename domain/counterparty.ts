/**
 * Rules for the 1C counterparty («Контрагент») that stands for a Bitrix24 client: how we key it, what a new
 * one looks like, what we may add to an existing one, and how we look for it before creating one.
 */
import { validEmails, validPhones } from './contact-channels';
import { cleanInn, isValidInn } from './inn';
import type { ClientSnapshot, CounterpartyType } from './request';

export const MATCH_RULES = ['bitrixId', 'inn', 'phone', 'email'] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

export interface ClientTypeMapping {
  /** Bitrix24 COMPANY_TYPE values that make a company a supplier in 1C (config `mapping.clientTypes`). */
  supplierCompanyTypes: readonly string[];
}

/** The catalog fields we write; names are the 1C attribute names as OData exposes them. */
export interface CounterpartyFields {
  Description: string;
  ИНН: string;
  Телефон: string;
  Email: string;
  ТипКонтрагента: CounterpartyType;
  ИдКомпанииБитрикс24: string;
}

/** What we read back from 1C: any subset of the fields, possibly blank or space-padded. */
export type ExistingCounterparty = Partial<Record<keyof CounterpartyFields | 'ЮридическийАдрес', string>>;

/** 1C `Description` of «Контрагенты» is Строка(150). */
const DESCRIPTION_LENGTH = 150;

/**
 * Value of 1C `ИдКомпанииБитрикс24` (Строка(20)). Companies are stored as the bare id (`"42"`), which is what
 * counterparties linked by hand before the integration already hold; contacts get a `C` prefix (`"C42"`)
 * because Bitrix24 numbers companies and contacts independently, so company 42 and contact 42 must not
 * resolve to the same counterparty.
 */
export function bitrixClientKey(client: Pick<ClientSnapshot, 'kind' | 'id'>): string {
  return client.kind === 'company' ? String(client.id) : `C${client.id}`;
}

export function counterpartyTypeFor(
  client: Pick<ClientSnapshot, 'kind' | 'typeId'>,
  mapping: ClientTypeMapping,
): CounterpartyType {
  if (client.kind === 'contact') return 'ФизическоеЛицо';
  const typeId = client.typeId?.trim() ?? '';
  return mapping.supplierCompanyTypes.includes(typeId) ? 'Поставщик' : 'ЮридическоеЛицо';
}

/**
 * Fields of a new counterparty. Only the first valid phone / e-mail is carried (1C has one field each);
 * an INN that fails the checksum is left out rather than written wrong.
 */
export function counterpartyDraft(client: ClientSnapshot, mapping: ClientTypeMapping): CounterpartyFields {
  const inn = cleanInn(client.inn);
  return {
    Description: client.name.trim().slice(0, DESCRIPTION_LENGTH),
    ИНН: inn !== null && isValidInn(inn) ? inn : '',
    Телефон: validPhones(client.phones)[0] ?? '',
    Email: validEmails(client.emails)[0] ?? '',
    ТипКонтрагента: counterpartyTypeFor(client, mapping),
    ИдКомпанииБитрикс24: bitrixClientKey(client),
  };
}

/**
 * The PATCH for an existing counterparty: only fields that are blank in 1C and known from Bitrix24.
 * 1C is the master of what its users entered (INN, legal address, the accountant's spelling of the name),
 * so a filled 1C value is never overwritten. Returns `{}` when there is nothing to add.
 */
export function fillMissing(
  existing: ExistingCounterparty,
  draft: CounterpartyFields,
): Partial<CounterpartyFields> {
  const patch: Partial<CounterpartyFields> = {};
  const blank = (value: string | undefined): boolean => (value ?? '').trim() === '';
  if (blank(existing.Description) && !blank(draft.Description)) patch.Description = draft.Description;
  if (blank(existing.ИНН) && !blank(draft.ИНН)) patch.ИНН = draft.ИНН;
  if (blank(existing.Телефон) && !blank(draft.Телефон)) patch.Телефон = draft.Телефон;
  if (blank(existing.Email) && !blank(draft.Email)) patch.Email = draft.Email;
  if (blank(existing.ТипКонтрагента)) patch.ТипКонтрагента = draft.ТипКонтрагента;
  if (blank(existing.ИдКомпанииБитрикс24)) patch.ИдКомпанииБитрикс24 = draft.ИдКомпанииБитрикс24;
  return patch;
}

export interface MatchCriterion {
  rule: MatchRule;
  /** Value to compare with `eq` against the 1C field of the rule (see `MATCH_FIELD`). */
  value: string;
}

/** 1C attribute each rule searches. */
export const MATCH_FIELD: Record<MatchRule, keyof CounterpartyFields> = {
  bitrixId: 'ИдКомпанииБитрикс24',
  inn: 'ИНН',
  phone: 'Телефон',
  email: 'Email',
};

/**
 * Search keys in the configured order; the first rule that finds exactly one counterparty wins (the
 * activity decides). Channels the client lacks are skipped; every valid phone and e-mail is tried, since
 * 1C may hold any of them. An INN failing the checksum is never used to match.
 */
export function matchCriteria(client: ClientSnapshot, order: readonly MatchRule[]): MatchCriterion[] {
  const criteria: MatchCriterion[] = [];
  for (const rule of new Set(order)) {
    for (const value of valuesFor(client, rule)) criteria.push({ rule, value });
  }
  return criteria;
}

function valuesFor(client: ClientSnapshot, rule: MatchRule): string[] {
  switch (rule) {
    case 'bitrixId':
      return [bitrixClientKey(client)];
    case 'inn': {
      const inn = cleanInn(client.inn);
      return inn !== null && isValidInn(inn) ? [inn] : [];
    }
    case 'phone':
      return validPhones(client.phones);
    case 'email':
      return validEmails(client.emails);
  }
}
