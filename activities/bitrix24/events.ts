/**
 * Event subscriptions and the offline-event queue. Offline events need no public URL: Bitrix24 stores
 * them and we poll, so the integration works behind NAT; the queue is confirmed only after processing.
 */
import { z } from 'zod';
import type { Bitrix24Client } from './client';
import {
  eventBindingSchema,
  offlineBatchSchema,
  type EventBinding,
  type OfflineBatch,
} from './event-schemas';

export type EventDelivery = 'online' | 'offline';

/** `event.bind` → true on success. */
export async function bindEvent(
  c: Bitrix24Client,
  event: string,
  handler: string,
  eventType: EventDelivery,
): Promise<boolean> {
  return c.call('event.bind', { event, handler, event_type: eventType }, z.boolean());
}

export async function listEventBindings(c: Bitrix24Client): Promise<EventBinding[]> {
  return c.call('event.get', {}, z.array(eventBindingSchema));
}

/** `event.unbind` → number of removed handlers. */
export async function unbindEvent(
  c: Bitrix24Client,
  event: string,
  handler: string,
  eventType: EventDelivery,
): Promise<number> {
  const result = await c.call(
    'event.unbind',
    { event, handler, event_type: eventType },
    z.object({ count: z.number() }),
  );
  return result.count;
}

export interface OfflineQuery {
  /** Events per call, Bitrix24 default 50. */
  limit?: number;
  /** Resume the records already taken by this process (after a crash before `clear`). */
  processId?: string;
}

/**
 * Takes queued events without deleting them (`clear: 0`), so a crash before processing loses nothing;
 * confirm with `clearOfflineEvents` once they are handled.
 */
export async function getOfflineEvents(c: Bitrix24Client, query: OfflineQuery = {}): Promise<OfflineBatch> {
  const params: Record<string, unknown> = { clear: 0, limit: query.limit ?? 50 };
  if (query.processId) params.process_id = query.processId;
  return c.call('event.offline.get', params, offlineBatchSchema);
}

/** Removes handled events from the queue by MESSAGE_ID (all of the process's events when omitted). */
export async function clearOfflineEvents(
  c: Bitrix24Client,
  processId: string,
  messageIds?: string[],
): Promise<boolean> {
  const params: Record<string, unknown> = { process_id: processId };
  if (messageIds) params.message_id = messageIds;
  return c.call('event.offline.clear', params, z.boolean());
}

/** Marks events as failed so they are kept aside instead of blocking the queue (`event.offline.error`). */
export async function reportOfflineEventErrors(
  c: Bitrix24Client,
  processId: string,
  messageIds: string[],
): Promise<boolean> {
  return c.call('event.offline.error', { process_id: processId, message_id: messageIds }, z.boolean());
}
