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
