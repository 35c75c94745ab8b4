/** Signals queue here until the workflow is ready for them; handlers never do work themselves. */
import { setHandler } from '@temporalio/workflow';
import {
  bitrixItemChangedSignal,
  onecStatusChangedSignal,
  requestStateQuery,
  type BitrixItemChanged,
  type OneCStatusChanged,
} from './messages';
import type { RequestState } from './request-state';
import type { BitrixStage } from '../activities/contract';
import { newEvents } from '../domain/duplicate-deliveries';
import { collapsingDeliveries } from './governed';

export interface Inbox {
  bitrix: BitrixItemChanged[];
  onec: OneCStatusChanged[];
  /** Stages a step of ours already read (the answer to our own write): applied without reading again. */
  stages: BitrixStage[];
}

/** How many 1C notification ids a request remembers for de-duplication. */
const SEEN_EVENT_LIMIT = 100;

export function installHandlers(state: RequestState): Inbox {
  const inbox: Inbox = { bitrix: [], onec: [], stages: [] };
  setHandler(bitrixItemChangedSignal, (event) => {
    inbox.bitrix.push(event);
  });
  setHandler(onecStatusChangedSignal, (event) => {
    if (state.seenEventIds.includes(event.eventId) || inbox.onec.some((e) => e.eventId === event.eventId))
      return;
    inbox.onec.push(event);
  });
  setHandler(requestStateQuery, () => state);
  return inbox;
}

export function markSeen(state: RequestState, eventId: string): void {
  state.seenEventIds = [...state.seenEventIds, eventId].slice(-SEEN_EVENT_LIMIT);
}

export const hasBitrixNews = (inbox: Inbox) => (): boolean => inbox.bitrix.length > 0;
export const hasAnyNews = (inbox: Inbox) => (): boolean =>
  inbox.bitrix.length > 0 || inbox.onec.length > 0 || inbox.stages.length > 0;

/**
 * Drops the Bitrix24 events a read already covered (the one that started the workflow), remembering them so
 * their copies from other handlers, arriving later, are not taken for news.
 */
export function dropCovered(state: RequestState, inbox: Inbox): void {
  const covered = inbox.bitrix.splice(0);
  if (covered.length > 0 && collapsingDeliveries())
    state.recentDeliveries = newEvents(state.recentDeliveries ?? [], covered).remembered;
}
