/**
 * Recognising our own Bitrix24 writes when their events come back, without reading the item again.
 * Bitrix24 events carry ids only: every `crm.item.update` we make (the 1C link, a mirrored stage) comes back
 * as one ONCRMDYNAMICITEMUPDATE. We remember each write by the item's `updatedTime` after it (portal clock,
 * seconds); an update event sent by the portal from that second on, within a short window, is taken as the
 * echo of the oldest such write and needs no re-read. Any further event (a manager's edit, a duplicate
 * delivery) is news. The window bounds the one case this cannot tell apart — our echo lost and a manager's
 * edit arriving in its place — to edits made within it.
 */

export interface OwnWrite {
  /** Unix seconds of the item's `updatedTime` after our write. */
  at: number;
  /** The stage we wrote, when the write was a stage mirror. */
  stageId?: string;
}

/** How long after our write its echo may be sent, seconds (the portal's event queue may lag). */
export const ECHO_WINDOW_SECONDS = 60;

/** Bounded: lost echoes must not grow workflow state. */
export const MAX_OWN_WRITES = 8;

export interface ItemEvent {
  event: 'add' | 'update' | 'delete';
  /** Unix seconds when the portal sent the event. */
  ts: number;
}

/** Unix seconds of an ISO-8601 instant with zone; NaN when it has none. */
export function portalSeconds(updatedTime: string): number {
  return Math.floor(Date.parse(updatedTime) / 1000);
}

export function rememberWrite(writes: OwnWrite[], write: OwnWrite): OwnWrite[] {
  if (!Number.isFinite(write.at)) return writes;
  return [...writes, write].slice(-MAX_OWN_WRITES);
}

/**
 * Splits events into our echoes and news. Expired writes (their window passed before this event was sent)
 * are forgotten: their echo was lost.
 */
export function sortOutEchoes(
  writes: OwnWrite[],
  events: ItemEvent[],
): { echoes: OwnWrite[]; news: ItemEvent[]; writes: OwnWrite[] } {
  let left = [...writes];
  const echoes: OwnWrite[] = [];
  const news: ItemEvent[] = [];
  for (const event of events) {
    if (event.event !== 'update') {
      news.push(event);
      continue;
    }
    left = left.filter((w) => event.ts <= w.at + ECHO_WINDOW_SECONDS);
    const index = left.findIndex((w) => event.ts >= w.at);
    if (index < 0) {
      news.push(event);
      continue;
    }
    echoes.push(left[index]!);
    left = left.filter((_, i) => i !== index);
  }
  return { echoes, news, writes: left };
}
