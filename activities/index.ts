/** The activities the worker registers, built from the API clients (see workers/). */
import {
  BITRIX24_ACTIVITY_NAMES,
  type Bitrix24Activities,
  type OneCBornActivities,
  type RequestActivities,
} from './contract';
import { createCounterpartyActivities } from './counterparties';
import { createDeletedItemActivities } from './deleted-item';
import type { ActivityDeps } from './deps';
import { withFailureMapping } from './failures';
import { withHeartbeat } from './heartbeat';
import { createAttachEarlierHistory, createRecordHistory } from './history';
import { createLoadRequest } from './load-request';
import { createNotifyManager } from './notify-manager';
import { createOneCBornActivities } from './onec-born';
import { createRequestDocumentActivities } from './request-document';
import { createStatusActivities } from './status';
import { withTurns } from './turns';

export function createActivities(deps: ActivityDeps): RequestActivities & OneCBornActivities {
  return withTurns(
    withFailureMapping<RequestActivities & OneCBornActivities>({
      loadRequest: createLoadRequest(deps),
      notifyManager: createNotifyManager(deps),
      ...createCounterpartyActivities(deps),
      ...createRequestDocumentActivities(deps),
      ...createStatusActivities(deps),
      recordHistory: createRecordHistory(deps),
      ...createDeletedItemActivities(deps),
      attachEarlierHistory: createAttachEarlierHistory(deps),
      ...createOneCBornActivities(deps),
    }),
  );
}

/**
 * The activities split by the task queue they run on: the request's Bitrix24 ones apart (see contract.ts);
 * everything else (1C, and the few Bitrix24 calls of requests born in 1C) on the workflows' queue.
 */
export function splitByTaskQueue<T extends RequestActivities>(
  all: T,
): { bitrix24: Bitrix24Activities; onec: Omit<T, keyof Bitrix24Activities> } {
  const names = new Set<string>(BITRIX24_ACTIVITY_NAMES);
  const pick = (wanted: boolean) =>
    Object.fromEntries(Object.entries(all).filter(([name]) => names.has(name) === wanted));
  return {
    // They may wait long for the portal's limit: heartbeats tell a waiting call from a lost one.
    bitrix24: withHeartbeat(pick(true) as Bitrix24Activities),
    onec: pick(false) as Omit<T, keyof Bitrix24Activities>,
  };
}
