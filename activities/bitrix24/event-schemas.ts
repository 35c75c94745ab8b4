/** Zod schemas of event bindings and the offline-event queue (event.get, event.offline.get). */
import { z } from 'zod';

export const eventBindingSchema = z
  .object({
    event: z.string(),
    /** Online bindings only; offline ones carry no URL (they name a `connector_id` instead). */
    handler: z.string().optional(),
    connector_id: z.string().optional(),
    auth_type: z.union([z.string(), z.number()]).transform(String).optional(),
    offline: z.union([z.number(), z.string()]).transform(Number).optional(),
  })
  .passthrough();
export type EventBinding = z.infer<typeof eventBindingSchema>;

export const offlineEventSchema = z
  .object({
    ID: z.union([z.string(), z.number()]).transform(String),
    TIMESTAMP_X: z.string(),
    EVENT_NAME: z.string(),
    /** Ids of the changed entity (`{FIELDS: {ID, ENTITY_TYPE_ID}}`), or `false` when none. */
    EVENT_DATA: z.unknown(),
    EVENT_ADDITIONAL: z.unknown(),
    MESSAGE_ID: z.union([z.string(), z.number()]).transform(String),
  })
  .passthrough();
export type OfflineEvent = z.infer<typeof offlineEventSchema>;

export const offlineBatchSchema = z.object({
  process_id: z.string().nullable(),
  events: z.array(offlineEventSchema),
});
export type OfflineBatch = z.infer<typeof offlineBatchSchema>;
