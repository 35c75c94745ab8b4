/**
 * Interactions with a client — calls, e-mails, meetings — in both directions:
 *  - a Bitrix24 activity (`crm.activity.*`) bound to a request item or to its client becomes one row of the 1C
 *    register «ИсторияВзаимодействий», keyed so that a repeated event adds nothing;
 *  - a row a person added in 1C becomes one comment on the request item's timeline.
 * Pure rules: which activities are interactions, type and direction, the row, the comment, and how rows
 * written by people are told apart from ours.
 */
import { EMPTY_REF, EVENT_ID_LENGTH, type HistoryRecord } from './history';
import { isOneCDateTime, toOneCDateTime } from './onec-time';
import type { InteractionDirection, InteractionType } from './request';
import { fnv1a32 } from './fnv1a';

/** Bitrix24 activity events we subscribe to, upper-cased as delivered (`data[FIELDS][ID]` only). */
export const ACTIVITY_EVENTS = ['ONCRMACTIVITYADD', 'ONCRMACTIVITYUPDATE'] as const;

/** `add` / `update` for an activity event, undefined for any other event. */
export function activityEventKind(event: string): 'add' | 'update' | undefined {
  if (event === 'ONCRMACTIVITYADD') return 'add';
  if (event === 'ONCRMACTIVITYUPDATE') return 'update';
  return undefined;
}

/** Entity type ids of the CRM owners an interaction can be bound to besides the request's smart process. */
export const CONTACT_TYPE_ID = 3;
export const COMPANY_TYPE_ID = 4;

/** A Bitrix24 activity as read with `crm.activity.get` plus `crm.activity.binding.list` (ids as numbers). */
export interface BitrixActivity {
  id: number;
  /** `TYPE_ID`: 1 meeting, 2 call, 3 task, 4 e-mail, 5 calendar import, 6 provider (to-do, configurable, app). */
  typeId: number;
  /** `PROVIDER_ID`, e.g. `VOXIMPLANT_CALL`, `CRM_EMAIL`, `CRM_MEETING`, `CRM_TODO`. */
  providerId: string;
  /** `DIRECTION`: 1 incoming, 2 outgoing, 0 not defined (meetings, to-dos). */
  direction: number;
  subject: string;
  /** ISO instants with zone; empty when the activity has none. */
  startTime: string;
  endTime: string;
  created: string;
  completed: boolean;
  responsibleId: number;
  /** Display name of the responsible user ("Иванова Мария"); empty when the user cannot be read. */
  responsibleName: string;
  /** Every CRM object the activity is bound to (`crm.activity.binding.list`; the owner when that is empty). */
  bindings: ReadonlyArray<{ entityTypeId: number; entityId: number }>;
}

/**
 * Which 1C interaction type an activity is, or null when it is not an interaction with the client (a to-do,
 * a task, a calendar import, an application's configurable activity). By `TYPE_ID`, which Bitrix24 sets for
 * every provider of the classic kinds — telephony (`VOXIMPLANT_CALL`) and manual calls alike are 2.
 */
export function interactionTypeOf(
  activity: Pick<BitrixActivity, 'typeId' | 'providerId'>,
): InteractionType | null {
  switch (activity.typeId) {
    case 1:
      return 'Встреча';
    case 2:
      return 'Звонок';
    case 4:
      return 'ЭлектронноеПисьмо';
    default:
      // Provider activities (TYPE_ID 6) of the classic providers are interactions all the same.
      if (activity.providerId === 'CRM_MEETING') return 'Встреча';
      if (activity.providerId === 'VOXIMPLANT_CALL' || activity.providerId === 'CRM_CALL_TRACKER')
        return 'Звонок';
      if (activity.providerId === 'CRM_EMAIL') return 'ЭлектронноеПисьмо';
      return null;
  }
}

/**
 * `DIRECTION` 1 → Входящее, 2 → Исходящее. Meetings carry no direction (0): the manager went to, or received,
 * the client; the register needs one value, and a meeting the manager scheduled is his initiative → Исходящее.
 */
export function interactionDirectionOf(activity: Pick<BitrixActivity, 'direction'>): InteractionDirection {
  return activity.direction === 1 ? 'Входящее' : 'Исходящее';
}

/**
 * Whether the interaction has taken place: completed, or incoming (an incoming call or e-mail happened when
 * it was logged, though it stays open until the manager answers). A planned call or meeting is not an
 * interaction yet; its completion arrives as an update event.
 */
export function hasHappened(activity: Pick<BitrixActivity, 'completed' | 'direction'>): boolean {
  return activity.completed || activity.direction === 1;
}

/** Minutes between start and end, when both are there and the end is later (calls, meetings); else null. */
export function durationMinutes(activity: Pick<BitrixActivity, 'startTime' | 'endTime'>): number | null {
  const start = Date.parse(activity.startTime);
  const end = Date.parse(activity.endTime);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return null;
  return Math.max(1, Math.round((end - start) / 60_000));
}

/** Where an activity belongs: a request item (preferred) or a client (company / contact) alone. */
export type InteractionTarget =
  | { kind: 'request'; itemId: number }
  | { kind: 'client'; client: { kind: 'company' | 'contact'; id: number } };

/**
 * The request item among the bindings wins (a call logged on the item is also often bound to its client);
 * otherwise the first company, then the first contact. Null: bound to nothing of ours (a deal, a lead).
 */
export function interactionTarget(
  bindings: BitrixActivity['bindings'],
  requestEntityTypeId: number,
): InteractionTarget | null {
  const item = bindings.find((b) => b.entityTypeId === requestEntityTypeId);
  if (item) return { kind: 'request', itemId: item.entityId };
  const company = bindings.find((b) => b.entityTypeId === COMPANY_TYPE_ID);
  if (company) return { kind: 'client', client: { kind: 'company', id: company.entityId } };
  const contact = bindings.find((b) => b.entityTypeId === CONTACT_TYPE_ID);
  if (contact) return { kind: 'client', client: { kind: 'contact', id: contact.entityId } };
  return null;
}

/** The tail every row of one activity carries in `ИдСобытия`, whatever it is bound to. */
export function activityEventSuffix(activityId: number): string {
  return `:activity:${activityId}`;
}

/**
 * `ИдСобытия` of an activity's row. Bound to a request item: `b24:<entityTypeId>:<itemId>:activity:<id>`, the
 * request's prefix, so a row written before the item's 1C document exists is moved under it with the
 * request's other early rows. Bound to a client alone: `b24:client:activity:<id>`.
 */
export function activityEventId(target: InteractionTarget, entityTypeId: number, activityId: number): string {
  const id =
    target.kind === 'request'
      ? `b24:${entityTypeId}:${target.itemId}${activityEventSuffix(activityId)}`
      : `b24:client${activityEventSuffix(activityId)}`;
  if (id.length > EVENT_ID_LENGTH) throw new RangeError(`event id longer than ${EVENT_ID_LENGTH}: ${id}`);
  return id;
}

const TYPE_NAMES: Record<InteractionType, string> = {
  Звонок: 'Звонок',
  ЭлектронноеПисьмо: 'Письмо',
  Встреча: 'Встреча',
  Комментарий: 'Комментарий',
  Уведомление: 'Уведомление',
  ОбменДанными: 'Обмен данными',
};

/** «Звонок, исходящий, 5 мин: Обсудили сроки» — what a 1C user reads in `Сообщение`. */
export function activityMessage(
  type: InteractionType,
  direction: InteractionDirection,
  subject: string,
  minutes: number | null,
): string {
  const incoming = direction === 'Входящее';
  const parts = [TYPE_NAMES[type]];
  if (type === 'ЭлектронноеПисьмо') parts.push(incoming ? 'входящее' : 'исходящее');
  else if (type !== 'Встреча') parts.push(incoming ? 'входящий' : 'исходящий');
  if (minutes !== null) parts.push(`${minutes} мин`);
  const head = `${parts.join(', ')} (Битрикс24)`;
  return subject.trim() === '' ? head : `${head}: ${subject.trim()}`;
}

/** 1C references the row needs, resolved by the caller: the document and counterparty (null when none). */
export interface InteractionRefs {
  requestRef: string | null;
  counterpartyRef: string | null;
}

/**
 * The register row of an activity, or null when the activity is not (yet) an interaction. `Period` is when
 * it took place (start, else creation) in the base's time zone; the row key is stable for the same content,
 * so the same event delivered again finds its row already there.
 */
export function activityRecord(input: {
  activity: BitrixActivity;
  target: InteractionTarget;
  entityTypeId: number;
  refs: InteractionRefs;
  timeZone: string;
}): HistoryRecord | null {
  const { activity } = input;
  const type = interactionTypeOf(activity);
  if (!type || !hasHappened(activity)) return null;
  const direction = interactionDirectionOf(activity);
  const when = activity.startTime || activity.created;
  return {
    Period: toOneCDateTime(when, input.timeZone),
    Заявка_Key: input.refs.requestRef ?? EMPTY_REF,
    Контрагент_Key: input.refs.counterpartyRef ?? EMPTY_REF,
    ИдСобытия: activityEventId(input.target, input.entityTypeId, activity.id),
    ТипВзаимодействия: type,
    Направление: direction,
    Статус: 'Успешно',
    Сообщение: activityMessage(type, direction, activity.subject, durationMinutes(activity)),
    Ответственный: activity.responsibleName,
  };
}

const sameKey = (a: HistoryRecord, b: HistoryRecord) =>
  a.Period === b.Period &&
  a.Заявка_Key === b.Заявка_Key &&
  a.Контрагент_Key === b.Контрагент_Key &&
  a.ИдСобытия === b.ИдСобытия;

const sameContent = (a: HistoryRecord, b: HistoryRecord) =>
  sameKey(a, b) &&
  a.ТипВзаимодействия === b.ТипВзаимодействия &&
  a.Направление === b.Направление &&
  a.Статус === b.Статус &&
  a.Сообщение === b.Сообщение &&
  (a.Ответственный ?? '') === (b.Ответственный ?? '');

/**
 * How to bring the register in line with an activity, given the rows already written for it: nothing when
 * its row is there as it should be; otherwise remove what is stale and write the row. A stale row under the
 * same key must go first (1C refuses a second record with that key); others go after the new one is written,
 * so a crash in between leaves the old row rather than none. `desired` null (no longer an interaction, e.g.
 * turned into a to-do) removes every row of the activity.
 */
export function planActivityRows(
  desired: HistoryRecord | null,
  existing: readonly HistoryRecord[],
): { removeFirst: HistoryRecord[]; write: HistoryRecord | null; removeAfter: HistoryRecord[] } {
  if (!desired) return { removeFirst: [], write: null, removeAfter: [...existing] };
  // Rows moved under the document by the request workflow keep their event id and gain the keys: they count.
  const current = existing.find(
    (row) => sameContent(row, desired) || sameContent(row, withKeysOf(desired, row)),
  );
  if (current)
    return { removeFirst: [], write: null, removeAfter: existing.filter((row) => row !== current) };
  return {
    removeFirst: existing.filter((row) => sameKey(row, desired)),
    write: desired,
    removeAfter: existing.filter((row) => !sameKey(row, desired)),
  };
}

/** `desired` with the document and counterparty of `row` where `desired` has none (a row already attached). */
function withKeysOf(desired: HistoryRecord, row: HistoryRecord): HistoryRecord {
  return {
    ...desired,
    Заявка_Key: desired.Заявка_Key === EMPTY_REF ? row.Заявка_Key : desired.Заявка_Key,
    Контрагент_Key: desired.Контрагент_Key === EMPTY_REF ? row.Контрагент_Key : desired.Контрагент_Key,
  };
}

/**
 * Prefixes of `ИдСобытия` that only the integration and the extension write: `b24:` (steps and activities
 * from Bitrix24), `1c:` (steps of 1C-born requests, the extension's delivery failures).
 */
const OUR_EVENT_PREFIXES = ['b24:', '1c:'] as const;

/** Interaction types a person records by hand; `ОбменДанными` rows are the exchange's own log. */
const PEOPLES_TYPES: readonly InteractionType[] = [
  'Звонок',
  'ЭлектронноеПисьмо',
  'Встреча',
  'Комментарий',
  'Уведомление',
];

/**
 * Whether a register row was added by a person in 1C rather than by us. Ours are recognisable twice over: the
 * integration writes in data-load mode (the extension never reports those) and every id it or the extension
 * writes starts with a reserved prefix — the only test available to a plain OData read. Rows of the
 * exchange's own type are never a person's interaction.
 */
export function isPeoplesRow(row: Pick<HistoryRecord, 'ИдСобытия' | 'ТипВзаимодействия'>): boolean {
  const id = row.ИдСобытия.trim().toLowerCase();
  if (OUR_EVENT_PREFIXES.some((prefix) => id.startsWith(prefix))) return false;
  return PEOPLES_TYPES.includes(row.ТипВзаимодействия);
}

/**
 * Deterministic marker of one 1C row (its full register key), carried by the timeline comment: a second
 * delivery — the extension's retry, the watermark read of the same row — finds it and writes nothing.
 */
export function onecRowMarker(
  row: Pick<HistoryRecord, 'Period' | 'Заявка_Key' | 'Контрагент_Key' | 'ИдСобытия'>,
): string {
  const key = [
    row.Period,
    row.Заявка_Key.toLowerCase(),
    row.Контрагент_Key.toLowerCase(),
    row.ИдСобытия,
  ].join('|');
  return `b24onec:1c-row:${fnv1a32(key)}${fnv1a32(`${key}|row`)}`;
}

/** Temporal workflow id of posting one 1C row to Bitrix24: the same row never gets a second workflow. */
export function onecRowWorkflowId(row: Parameters<typeof onecRowMarker>[0]): string {
  return `interaction-onec-${onecRowMarker(row).slice('b24onec:1c-row:'.length)}`;
}

/** As in 1C's messages, except that a data-exchange row reads as a plain «Запись» on the timeline. */
const COMMENT_TYPES: Record<InteractionType, string> = { ...TYPE_NAMES, ОбменДанными: 'Запись' };

/** «dd.mm.yyyy hh:mm» of a naive 1C date-time. */
function displayTime(period: string): string {
  if (!isOneCDateTime(period)) return period;
  const [date = '', time = ''] = period.split('T');
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y} ${time.slice(0, 5)}`;
}

/**
 * The timeline comment of a row added in 1C: type, direction, when and who, then the text — what a manager
 * reads in the item's history.
 */
export function onecRowComment(
  row: Pick<HistoryRecord, 'Period' | 'ТипВзаимодействия' | 'Направление' | 'Сообщение' | 'Ответственный'>,
  documentNumber: string,
): string {
  const direction = row.Направление === 'Входящее' ? 'входящее' : 'исходящее';
  const who = row.Ответственный?.trim() ? `, ${row.Ответственный.trim()}` : '';
  const head = `1С, заявка ${documentNumber}: ${COMMENT_TYPES[row.ТипВзаимодействия]} (${direction}) ${displayTime(row.Period)}${who}`;
  const text = row.Сообщение.trim();
  return text === '' ? head : `${head}\n${text}`;
}
