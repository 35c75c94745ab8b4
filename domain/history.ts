/**
 * Records of the 1C register «ИсторияВзаимодействий»: one row per step of a request's life, so 1C users
 * see what the integration did without opening Temporal. The row key includes `ИдСобытия`, built
 * deterministically from the step, so a retried or replayed write hits 1C code 15 (key exists) instead of
 * adding a duplicate row.
 */
import type { MatchRule } from './counterparty';
import { isOneCDateTime } from './onec-time';
import type { HistoryStatus, InteractionDirection, InteractionType, RequestType } from './request';
import type { SyncSource } from './status-sync';
import type { ValidationProblem } from './validation';
import type { VanishedDocumentPolicy, VanishedHow } from './vanished-document';
import { fnv1a32 } from './fnv1a';

export const EMPTY_REF = '00000000-0000-0000-0000-000000000000';
/** 1C `ИдСобытия` is Строка(64). */
export const EVENT_ID_LENGTH = 64;

export type HistoryEvent =
  | { step: 'received'; title: string }
  | { step: 'validated'; requestType: RequestType }
  | { step: 'validation-failed'; problems: readonly ValidationProblem[] }
  | { step: 'counterparty-found'; name: string; rule: MatchRule; value: string }
  | { step: 'counterparty-created'; name: string }
  | { step: 'counterparty-updated'; fields: readonly string[] }
  | { step: 'counterparty-linked'; name: string; rule: MatchRule; value: string; client: string }
  | { step: 'document-created'; number: string }
  | { step: 'document-posted'; number: string }
  | { step: 'status-to-bitrix'; status: string; stageId: string }
  | { step: 'status-to-onec'; stageId: string; status: string }
  | { step: 'conflict'; winner: SyncSource; kept: string; rejected: string }
  | { step: 'escalated'; userId: number }
  | { step: 'linked'; number: string }
  | { step: 'completed'; status: string }
  | { step: 'deleted' }
  | { step: 'document-vanished'; number: string; how: VanishedHow; policy: VanishedDocumentPolicy }
  | { step: 'cancelled'; stageId: string }
  | { step: 'superseded'; createdTime: string; newCreatedTime: string; number: string | null }
  | { step: 'item-deleted'; number: string; action: 'cancelled' | 'marked' | 'already-closed' | 'missing' }
  | { step: 'reconciled'; reason: string }
  | { step: 'error'; action: string; error: string }
  | { step: 'received-from-onec'; number: string }
  | { step: 'client-found-in-bitrix'; name: string; rule: MatchRule; value: string; client: string }
  | { step: 'client-created-in-bitrix'; name: string; client: string; requisite: boolean }
  | { step: 'item-created'; itemId: number; number: string }
  | { step: 'item-linked'; itemId: number; number: string }
  | { step: 'adopted'; number: string }
  | { step: 'manager-notified'; userId: number; status: string };

export type HistoryStep = HistoryEvent['step'];

const RULE_NAMES: Record<MatchRule, string> = {
  bitrixId: 'ид Битрикс24',
  inn: 'ИНН',
  phone: 'телефону',
  email: 'e-mail',
};

const ITEM_DELETED_ACTIONS = {
  cancelled: 'документ переведён в статус «Отменена»',
  marked: 'документ помечен на удаление',
  'already-closed': 'документ уже был закрыт',
  missing: 'документа в 1С уже нет',
} as const;

/** Russian text of `Сообщение` for each step. */
export function historyMessage(event: HistoryEvent): string {
  switch (event.step) {
    case 'received':
      return `Получена заявка из Битрикс24: «${event.title}»`;
    case 'validated':
      return `Заявка проверена, тип заявки: ${event.requestType}`;
    case 'validation-failed':
      return `Заявка не прошла проверку: ${event.problems.map((p) => p.message).join(' ')}`;
    case 'counterparty-found':
      return `Найден контрагент «${event.name}» по ${RULE_NAMES[event.rule]} (${event.value})`;
    case 'counterparty-created':
      return `Создан контрагент «${event.name}»`;
    case 'counterparty-linked':
      return `Контрагент «${event.name}» связан с клиентом Битрикс24 ${event.client} (найден по ${RULE_NAMES[event.rule]}: ${event.value})`;
    case 'counterparty-updated':
      return `У контрагента заполнены пустые реквизиты: ${event.fields.join(', ')}`;
    case 'document-created':
      return `Создан документ Заявка ${event.number}`;
    case 'document-posted':
      return `Документ Заявка ${event.number} проведён`;
    case 'status-to-bitrix':
      return `Статус «${event.status}» передан в Битрикс24 (стадия ${event.stageId})`;
    case 'status-to-onec':
      return `Стадия ${event.stageId} из Битрикс24 установлена в 1С как статус «${event.status}»`;
    case 'conflict':
      return `Одновременное изменение статуса в 1С и Битрикс24: принято значение ${event.winner === 'onec' ? '1С' : 'Битрикс24'} «${event.kept}», отклонено «${event.rejected}»`;
    case 'escalated':
      return `Заявка не исправлена вовремя и эскалирована пользователю Битрикс24 ${event.userId}`;
    case 'linked':
      return `Номер документа 1С ${event.number} записан в элемент Битрикс24`;
    case 'completed':
      return `Обработка заявки завершена, итоговый статус «${event.status}»`;
    case 'deleted':
      return 'Элемент удалён в Битрикс24 до создания документа в 1С';
    case 'document-vanished':
      return (
        `Документ Заявка ${event.number} ${event.how === 'deleted' ? 'удалён' : 'помечен на удаление'} в 1С: ` +
        (event.policy === 'recreate' ? 'создаётся новый документ' : 'заявка закрывается как отменённая')
      );
    case 'cancelled':
      return event.stageId
        ? `Заявка закрыта как отменённая, элемент Битрикс24 переведён на стадию ${event.stageId}`
        : 'Заявка закрыта как отменённая (стадия для статуса «Отменена» не сопоставлена)';
    case 'superseded':
      return (
        `Элемент Битрикс24 с этим номером создан заново (${event.newCreatedTime}, прежний — ${event.createdTime}): ` +
        `это другая заявка` +
        (event.number ? `, документ ${event.number} отвязан от Битрикс24` : '')
      );
    case 'item-deleted':
      return `Элемент удалён в Битрикс24 после создания документа ${event.number}: ${ITEM_DELETED_ACTIONS[event.action]}`;
    case 'reconciled':
      return `Сверка: ${event.reason}`;
    case 'error':
      return `Ошибка при операции «${event.action}»: ${event.error}`;
    case 'received-from-onec':
      return `Заявка ${event.number} зарегистрирована в 1С и передаётся в Битрикс24`;
    case 'client-found-in-bitrix':
      return `Клиент «${event.name}» найден в Битрикс24 (${event.client}) по ${RULE_NAMES[event.rule]} (${event.value})`;
    case 'client-created-in-bitrix':
      return `Клиент «${event.name}» создан в Битрикс24 (${event.client})${event.requisite ? ' с реквизитами' : ''}`;
    case 'item-created':
      return `Для заявки ${event.number} создан элемент Битрикс24 № ${event.itemId}`;
    case 'item-linked':
      return `Элемент Битрикс24 № ${event.itemId} записан в документ Заявка ${event.number}`;
    case 'adopted':
      return `Элемент Битрикс24 связан с документом Заявка ${event.number}, созданным в 1С`;
    case 'manager-notified':
      return `Ответственный (пользователь Битрикс24 ${event.userId}) уведомлён о статусе «${event.status}»`;
  }
}

const DEFAULTS: Record<HistoryStep, { direction: InteractionDirection; status: HistoryStatus }> = {
  received: { direction: 'Входящее', status: 'ВОбработке' },
  validated: { direction: 'Входящее', status: 'Успешно' },
  'validation-failed': { direction: 'Входящее', status: 'Ошибка' },
  'counterparty-found': { direction: 'Входящее', status: 'Успешно' },
  'counterparty-created': { direction: 'Входящее', status: 'Успешно' },
  'counterparty-updated': { direction: 'Входящее', status: 'Успешно' },
  'counterparty-linked': { direction: 'Входящее', status: 'Успешно' },
  'document-created': { direction: 'Входящее', status: 'Успешно' },
  'document-posted': { direction: 'Входящее', status: 'Успешно' },
  'status-to-bitrix': { direction: 'Исходящее', status: 'Успешно' },
  'status-to-onec': { direction: 'Входящее', status: 'Успешно' },
  conflict: { direction: 'Входящее', status: 'Успешно' },
  escalated: { direction: 'Исходящее', status: 'Ошибка' },
  linked: { direction: 'Исходящее', status: 'Успешно' },
  completed: { direction: 'Входящее', status: 'Успешно' },
  deleted: { direction: 'Входящее', status: 'Успешно' },
  'document-vanished': { direction: 'Входящее', status: 'Ошибка' },
  cancelled: { direction: 'Исходящее', status: 'Успешно' },
  superseded: { direction: 'Входящее', status: 'Успешно' },
  'item-deleted': { direction: 'Входящее', status: 'Успешно' },
  reconciled: { direction: 'Входящее', status: 'Успешно' },
  error: { direction: 'Входящее', status: 'Ошибка' },
  'received-from-onec': { direction: 'Исходящее', status: 'ВОбработке' },
  'client-found-in-bitrix': { direction: 'Исходящее', status: 'Успешно' },
  'client-created-in-bitrix': { direction: 'Исходящее', status: 'Успешно' },
  'item-created': { direction: 'Исходящее', status: 'Успешно' },
  'item-linked': { direction: 'Входящее', status: 'Успешно' },
  adopted: { direction: 'Входящее', status: 'Успешно' },
  'manager-notified': { direction: 'Исходящее', status: 'Успешно' },
};

/**
 * `b24:<entityTypeId>:<itemId>:<step>[:<discriminator>]`. Steps that happen once per request need no
 * discriminator; repeatable ones (status mirrored, error) pass the triggering event id so each occurrence
 * gets its own row yet a retry of the same occurrence does not. Over 64 chars the tail is replaced by a
 * deterministic hash.
 */
export function historyEventId(
  entityTypeId: number,
  itemId: number,
  step: HistoryStep,
  discriminator?: string,
): string {
  return boundedEventId([`b24:${entityTypeId}:${itemId}:${step}`, discriminator]);
}

/**
 * `1c:<Ref_Key>:<step>[:<discriminator>]`: steps of a request born in 1C, taken before it has a Bitrix24
 * item id, are keyed by the 1C document instead.
 */
export function onecHistoryEventId(documentRef: string, step: HistoryStep, discriminator?: string): string {
  return boundedEventId([`1c:${documentRef}:${step}`, discriminator]);
}

/** Joins the parts with `:`; over 64 chars the tail becomes a deterministic hash. */
export function boundedEventId(parts: Array<string | undefined>): string {
  const id = parts.filter((p) => p !== undefined && p !== '').join(':');
  if (id.length <= EVENT_ID_LENGTH) return id;
  const hash = fnv1a32(id);
  return `${id.slice(0, EVENT_ID_LENGTH - hash.length - 1)}~${hash}`;
}

/** Every event id of one request starts with this (the trailing colon keeps item 18 apart from 187). */
export function historyEventPrefix(entityTypeId: number, itemId: number): string {
  return `b24:${entityTypeId}:${itemId}:`;
}

/**
 * A row written before the 1C document existed, moved under it: the same row with the document's key
 * (and the counterparty's, when the row had none), so a 1C user opening the document sees how it started.
 */
export function attachedRecord(
  record: HistoryRecord,
  requestRef: string,
  counterpartyRef: string | null,
): HistoryRecord {
  return {
    ...record,
    Заявка_Key: requestRef,
    Контрагент_Key:
      record.Контрагент_Key === EMPTY_REF && counterpartyRef ? counterpartyRef : record.Контрагент_Key,
  };
}

export interface HistoryRecordInput {
  entityTypeId: number;
  itemId: number;
  step: HistoryStep;
  /** `Ref_Key` of the 1C document; null before it exists. */
  requestRef: string | null;
  /** `Ref_Key` of the counterparty; null before it is known. */
  counterpartyRef: string | null;
  /** Discriminator for repeatable steps (see `historyEventId`). */
  eventId?: string;
  /** Set for steps of a request born in 1C before its item exists: keys the row by the document. */
  onecDocumentRef?: string;
  direction?: InteractionDirection;
  status?: HistoryStatus;
  message: string;
  /** Naive 1C date-time of the base (`toOneCDateTime`). */
  period: string;
  interactionType?: InteractionType;
}

/** Body of `POST InformationRegister_ИсторияВзаимодействий`. */
export interface HistoryRecord {
  Period: string;
  Заявка_Key: string;
  Контрагент_Key: string;
  ИдСобытия: string;
  ТипВзаимодействия: InteractionType;
  Направление: InteractionDirection;
  Статус: HistoryStatus;
  Сообщение: string;
  /**
   * The responsible employee (a display name, as in the document's «Ответственный»): set on interactions —
   * calls, e-mails, meetings; empty on the integration's own steps.
   */
  Ответственный?: string;
}

export function historyRecord(input: HistoryRecordInput): HistoryRecord {
  if (!isOneCDateTime(input.period))
    throw new RangeError(`period must be a naive 1C date-time: ${input.period}`);
  const defaults = DEFAULTS[input.step];
  return {
    Period: input.period,
    Заявка_Key: input.requestRef ?? EMPTY_REF,
    Контрагент_Key: input.counterpartyRef ?? EMPTY_REF,
    ИдСобытия: input.onecDocumentRef
      ? onecHistoryEventId(input.onecDocumentRef, input.step, input.eventId)
      : historyEventId(input.entityTypeId, input.itemId, input.step, input.eventId),
    ТипВзаимодействия: input.interactionType ?? 'ОбменДанными',
    Направление: input.direction ?? defaults.direction,
    Статус: input.status ?? defaults.status,
    Сообщение: input.message,
  };
}
