/**
 * A row of Bitrix24's offline event queue as `event.offline.get` returns it. Like an outbound webhook it
 * carries ids only (`EVENT_DATA.FIELDS.ID`, and `ENTITY_TYPE_ID` for smart-process items); the portal keeps
 * one row per object, so a row means "this item changed, read it again". `MESSAGE_ID` names the row when it
 * is confirmed (`event.offline.clear`) or parked (`event.offline.error`).
 */
import { z } from 'zod';
import { ITEM_EVENTS, type ItemEventName } from './bitrix-event';

/** Ids arrive as JSON numbers or as decimal strings, depending on the portal's PHP types. */
const id = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\d+$/)
    .transform((s) => Number(s))
    .refine((n) => Number.isSafeInteger(n) && n > 0),
]);

export const offlineEventRowSchema = z
  .object({
    ID: z.union([z.string(), z.number()]).transform(String),
    TIMESTAMP_X: z.string(),
    EVENT_NAME: z.string().transform((s) => s.toUpperCase()),
    EVENT_DATA: z.unknown(),
    MESSAGE_ID: z.string().min(1),
  })
  .passthrough();
export type OfflineEventRow = z.infer<typeof offlineEventRowSchema>;

const itemDataSchema = z.object({
  FIELDS: z.object({ ID: id, ENTITY_TYPE_ID: id.optional() }).passthrough(),
});

/** An item event, whichever channel brought it (webhook POST or offline queue). */
export interface ItemEvent {
  event: string;
  itemId: number;
  /** Present on smart-process events. */
  entityTypeId?: number;
  /** When Bitrix24 raised it, Unix seconds. */
  ts: number;
  /** The outgoing-webhook registration it came to (`event_handler_id`): tells copies from repeats. */
  handler?: number;
}

export type OfflineRowReading = { ok: true; event: ItemEvent } | { ok: false; problem: string };

/** The item event a queued row stands for; a row whose data is not `{FIELDS: {ID…}}` cannot be handed on. */
export function itemEventOfRow(row: OfflineEventRow): OfflineRowReading {
  const data = itemDataSchema.safeParse(row.EVENT_DATA);
  if (!data.success)
    return { ok: false, problem: `${row.EVENT_NAME} ${row.MESSAGE_ID}: EVENT_DATA has no FIELDS.ID` };
  const ms = Date.parse(row.TIMESTAMP_X);
  return {
    ok: true,
    event: {
      event: row.EVENT_NAME,
      itemId: data.data.FIELDS.ID,
      ...(data.data.FIELDS.ENTITY_TYPE_ID !== undefined
        ? { entityTypeId: data.data.FIELDS.ENTITY_TYPE_ID }
        : {}),
      ts: Number.isFinite(ms) ? Math.floor(ms / 1000) : 0,
    },
  };
}

const KIND: Record<ItemEventName, 'add' | 'update' | 'delete'> = {
  ONCRMDYNAMICITEMADD: 'add',
  ONCRMDYNAMICITEMUPDATE: 'update',
  ONCRMDYNAMICITEMDELETE: 'delete',
};

/** add/update/delete of an item of our smart process; null for anything else (other processes share the events). */
export function itemChangeKind(event: ItemEvent, entityTypeId: number): 'add' | 'update' | 'delete' | null {
  if (!(ITEM_EVENTS as readonly string[]).includes(event.event)) return null;
  if (event.entityTypeId !== entityTypeId) return null;
  return KIND[event.event as ItemEventName];
}
