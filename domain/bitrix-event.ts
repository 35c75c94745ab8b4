/**
 * Outbound event of Bitrix24 as our receiver gets it: a form-encoded POST that `decodePhpForm` turns into
 * nested values (all leaves are strings). Events carry only ids; the handler re-reads the entity.
 * Authenticity: `auth.application_token` must equal the token saved at install (config
 * `bitrix24.applicationToken`) — Bitrix24 signs nothing else.
 */
import { z } from 'zod';
import { decodePhpForm } from './php-form';

/** Decimal id as Bitrix24 sends it in forms ("24"), turned into a number. */
const formId = z
  .string()
  .regex(/^\d+$/, 'expected a decimal id')
  .transform((s) => Number(s))
  .refine((n) => Number.isSafeInteger(n) && n > 0, 'id out of range');

export const bitrixEventSchema = z.object({
  /** Event code; Bitrix24 delivers it upper-cased (`ONCRMDYNAMICITEMUPDATE`), we normalise anyway. */
  event: z
    .string()
    .min(1)
    .transform((s) => s.toUpperCase()),
  event_handler_id: formId.optional(),
  data: z.object({
    FIELDS: z
      .object({
        ID: formId,
        /** Present on smart-process events only. */
        ENTITY_TYPE_ID: formId.optional(),
      })
      .passthrough(),
  }),
  /** Unix seconds when Bitrix24 sent the event. */
  ts: formId,
  auth: z
    .object({
      domain: z.string().min(1),
      client_endpoint: z.string().url(),
      server_endpoint: z.string().url(),
      member_id: z.string().min(1),
      application_token: z.string().min(1),
    })
    .passthrough(),
});

export type BitrixEvent = z.infer<typeof bitrixEventSchema>;

/** Smart-process item events we subscribe to, upper-cased as delivered. */
export const ITEM_EVENTS = [
  'ONCRMDYNAMICITEMADD',
  'ONCRMDYNAMICITEMUPDATE',
  'ONCRMDYNAMICITEMDELETE',
] as const;
export type ItemEventName = (typeof ITEM_EVENTS)[number];

/** Decodes and validates a raw form body; the zod error lists every bad field. */
export function parseBitrixEventForm(body: string): z.SafeParseReturnType<unknown, BitrixEvent> {
  return bitrixEventSchema.safeParse(decodePhpForm(body));
}

/** True for add/update/delete of an item of our smart process (other processes share the same events). */
export function isRequestItemEvent(
  event: BitrixEvent,
  entityTypeId: number,
): event is BitrixEvent & { event: ItemEventName } {
  return (
    (ITEM_EVENTS as readonly string[]).includes(event.event) &&
    event.data.FIELDS.ENTITY_TYPE_ID === entityTypeId
  );
}
