/**
 * Bodies of the notifications the 1C extension POSTs (reference §8.3): `zayavka.status_changed` when a
 * request's status changes, and `zayavka.posted` when a posted request that is not linked to Bitrix24 is
 * written (posted, or changed while posted) — a request born in 1C that Bitrix24 should get — and
 * `interaction.recorded` when a person adds a row to the request's «ИсторияВзаимодействий».
 * Same contract for the real extension and the sandbox. Signature checking lives in `onec-signature.ts`
 * (it needs node:crypto and must stay out of workflow code).
 */
import { z } from 'zod';
import type { HistoryStatus } from './request';

const GUID = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const guid = z
  .string()
  .regex(GUID, 'expected a GUID')
  .transform((s) => s.toLowerCase());
/** 1C naive local date-time, e.g. `2025-01-13T10:20:05`. */
const naiveDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, 'expected YYYY-MM-DDThh:mm:ss');
const utcInstant = z.string().datetime({ message: 'expected an ISO-8601 UTC instant (…Z)' });

export const oneCStatusRefSchema = z.object({
  Ref_Key: guid,
  /** Stable status name; empty for statuses 1C users added themselves. */
  PredefinedDataName: z.string(),
  Description: z.string(),
  КодСтадииБитрикс24: z.string(),
});

const envelope = {
  eventId: guid,
  occurredAt: naiveDateTime,
  occurredAtUtc: utcInstant,
  infobase: z.string().min(1),
  /** `integration` = written by us (data-load mode or our user): an echo, never mirrored back. */
  initiator: z.enum(['user', 'integration']),
  zayavka: z.object({
    Ref_Key: guid,
    Number: z.string(),
    Date: naiveDateTime,
    DataVersion: z.string(),
    /** Empty when the document was created in 1C by hand, not from Bitrix24. */
    ИдЭлементаБитрикс24: z.string(),
  }),
};

export const oneCStatusChangedSchema = z.object({
  event: z.literal('zayavka.status_changed'),
  ...envelope,
  status: oneCStatusRefSchema,
  /** null for a new document. */
  previousStatus: oneCStatusRefSchema.nullable(),
});

/** Carries ids only, like Bitrix24 events: the workflow re-reads the document through OData. */
export const oneCPostedSchema = z.object({
  event: z.literal('zayavka.posted'),
  ...envelope,
  /** Status at the time of the write; null when the document has none. */
  status: oneCStatusRefSchema.nullable(),
});

/** A row of «ИсторияВзаимодействий» as the extension reads it (register key plus resources). */
export const oneCHistoryRowSchema = z.object({
  Period: naiveDateTime,
  Заявка_Key: guid,
  Контрагент_Key: guid,
  ИдСобытия: z.string().max(64),
  ТипВзаимодействия: z.enum([
    'Звонок',
    'ЭлектронноеПисьмо',
    'Встреча',
    'Комментарий',
    'Уведомление',
    'ОбменДанными',
  ]),
  Направление: z.enum(['Входящее', 'Исходящее']),
  /** Free text in the register (Строка); the integration writes Успешно / Ошибка / ВОбработке. */
  Статус: z.string() as z.ZodType<HistoryStatus>,
  Сообщение: z.string(),
  Ответственный: z.string().optional(),
});

/**
 * `interaction.recorded`: a person added a row to «ИсторияВзаимодействий» for this document (a call, a
 * letter, a meeting recorded in 1C). Our own rows are written in data-load mode and never reported.
 */
export const oneCInteractionRecordedSchema = z.object({
  event: z.literal('interaction.recorded'),
  ...envelope,
  record: oneCHistoryRowSchema,
});

export const oneCNotificationSchema = z.discriminatedUnion('event', [
  oneCStatusChangedSchema,
  oneCPostedSchema,
  oneCInteractionRecordedSchema,
]);

export type OneCNotification = z.infer<typeof oneCNotificationSchema>;
export type OneCStatusChangedNotification = z.infer<typeof oneCStatusChangedSchema>;
export type OneCStatusRef = z.infer<typeof oneCStatusRefSchema>;

/** Header names of the contract (lower-case, as Node exposes them). */
export const ONEC_HEADERS = {
  eventId: 'x-onec-event-id',
  timestamp: 'x-onec-timestamp',
  signature: 'x-onec-signature',
} as const;

/** Parses the raw body text; a leading BOM (1C may emit one) is tolerated. */
export function parseOneCNotification(rawBody: string): z.SafeParseReturnType<unknown, OneCNotification> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.replace(/^\uFEFF/, ''));
  } catch {
    return oneCNotificationSchema.safeParse(undefined);
  }
  return oneCNotificationSchema.safeParse(json);
}
