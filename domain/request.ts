/**
 * The request («заявка») as the integration sees it, independent of either system's wire format.
 * Activities build these from Bitrix24 / 1C payloads; workflows and domain rules only ever see these.
 */

/** Who the request is for: the Bitrix24 company or contact linked to the smart-process item. */
export interface ClientSnapshot {
  kind: 'company' | 'contact';
  /** Bitrix24 id of the company or contact. */
  id: number;
  name: string;
  phones: string[];
  emails: string[];
  /** INN from the company's requisites, when Bitrix24 has one. */
  inn?: string;
  /** Bitrix24 COMPANY_TYPE / contact TYPE_ID, used to derive the 1C counterparty type. */
  typeId?: string;
}

/** The item names a company or contact that Bitrix24 no longer has (deleted, or a wrong id). */
export interface MissingClient {
  kind: 'company' | 'contact';
  id: number;
}

/** A Bitrix24 smart-process item of «Заявки», with its client already resolved. */
export interface RequestSnapshot {
  itemId: number;
  entityTypeId: number;
  title: string;
  stageId: string;
  categoryId: number;
  assignedById: number;
  /** Display name of the responsible user ("Иванова Мария"), written to 1C «Ответственный». */
  assignedByName: string;
  description: string;
  /** Raw value of the request-type user field (enumeration item id as text), or null when empty. */
  requestTypeId: string | null;
  /** ISO timestamp of the item's last change in Bitrix24 (`updatedTime`). */
  updatedTime: string;
  createdTime: string;
  client: ClientSnapshot | null;
  /** Set (and `client` null) when the linked company or contact does not exist: the manager must relink. */
  missingClient?: MissingClient;
  /**
   * `Ref_Key` of the 1C document the item already carries (the 1C reference field): set from the first
   * write on items created from 1C, and after linking on items created in Bitrix24. Absent when empty.
   */
  onecRef?: string;
}

/** 1C counterparty types (enumeration «ТипыКонтрагентов»). */
export type CounterpartyType = 'ФизическоеЛицо' | 'ЮридическоеЛицо' | 'Поставщик';

/** 1C request types (enumeration «ТипыЗаявок»). */
export type RequestType = 'Консультация' | 'Обслуживание' | 'Ремонт' | 'Поставка' | 'Прочее';

/** 1C interaction types and directions (enumerations «ТипыВзаимодействий», «НаправленияВзаимодействий»). */
export type InteractionType =
  'Звонок' | 'ЭлектронноеПисьмо' | 'Встреча' | 'Комментарий' | 'Уведомление' | 'ОбменДанными';
export type InteractionDirection = 'Входящее' | 'Исходящее';
export type HistoryStatus = 'Успешно' | 'Ошибка' | 'ВОбработке';
