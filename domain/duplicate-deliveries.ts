/**
 * One Bitrix24 event, several deliveries. A portal sends every event to each registered handler (two
 * receivers registered for the same events, or one receiver registered twice), and its events carry no id
 * — only the event name, the item, `ts` (seconds) and which handler registration it went to
 * (`event_handler_id`). Deliveries of one event to different handlers are therefore told apart from
 * distinct events by counting per handler: within one event name and second, the number of distinct events
 * is the largest number any single handler received. Deliveries without a handler id are never collapsed.
 */

export interface Delivery {
  event: 'add' | 'update' | 'delete';
  /** Unix seconds when the portal sent the event. */
  ts: number;
  /** `event_handler_id`: the handler registration it was delivered to. */
  handler?: number;
}

/** The deliveries as distinct events, in the order they first arrived. */
export function collapseDeliveries<T extends Delivery>(deliveries: T[]): T[] {
  const perHandler = new Map<string, number>();
  const kept = new Map<string, number>();
  const out: T[] = [];
  for (const delivery of deliveries) {
    if (delivery.handler === undefined) {
      out.push(delivery);
      continue;
    }
    const key = `${delivery.event}|${delivery.ts}`;
    const fromHandler = (perHandler.get(`${key}|${delivery.handler}`) ?? 0) + 1;
    perHandler.set(`${key}|${delivery.handler}`, fromHandler);
    // A handler's n-th delivery of this name and second is a new event only if no handler had n yet.
    if (fromHandler > (kept.get(key) ?? 0)) {
      kept.set(key, fromHandler);
      out.push(delivery);
    }
  }
  return out;
}

/** Bounded: copies arrive within seconds of each other, and workflow state must not grow. */
export const MAX_REMEMBERED_DELIVERIES = 24;

/**
 * The copies of one event may arrive in different batches (the second after the first was handled), so the
 * deliveries already seen are remembered: `fresh` are the new deliveries that are distinct events,
 * `remembered` the window to keep for the next batch. Forgetting the oldest can only make a late copy count
 * as an event again (one more re-read), never hide an event.
 */
export function newEvents<T extends Delivery>(
  remembered: Delivery[],
  delivered: T[],
): { fresh: T[]; remembered: Delivery[] } {
  const kept = new Set<Delivery>(collapseDeliveries<Delivery>([...remembered, ...delivered]));
  return {
    fresh: delivered.filter((d) => kept.has(d)),
    remembered: [...remembered, ...delivered.filter((d) => d.handler !== undefined)]
      .map(({ event, ts, handler }) => ({ event, ts, ...(handler === undefined ? {} : { handler }) }))
      .slice(-MAX_REMEMBERED_DELIVERIES),
  };
}
