/** The activities the worker registers, built from the API clients (see workers/). */
import {
  BITRIX24_ACTIVITY_NAMES,
  type Bitrix24Activities,
  type OneCActivities,
  type RequestActivities,
} from './contract';
import { createCounterpartyActivities } from './counterparties';
import type { ActivityDeps } from './deps';
import { withFailureMapping } from './failures';
import { createRecordHistory } from './history';
import { createLoadRequest } from './load-request';
import { createNotifyManager } from './notify-manager';
import { createRequestDocumentActivities } from './request-document';
import { createStatusActivities } from './status';
import { withTurns } from './turns';

export function createActivities(deps: ActivityDeps): RequestActivities {
  return withTurns(
    withFailureMapping<RequestActivities>({
      loadRequest: createLoadRequest(deps),
      notifyManager: createNotifyManager(deps),
      ...createCounterpartyActivities(deps),
      ...createRequestDocumentActivities(deps),
      ...createStatusActivities(deps),
      recordHistory: createRecordHistory(deps),
    }),
  );
}

/** The activities split by the task queue they run on: Bitrix24 ones apart (see contract.ts). */
export function splitByTaskQueue(all: RequestActivities): {
  bitrix24: Bitrix24Activities;
  onec: OneCActivities;
} {
  const names = new Set<string>(BITRIX24_ACTIVITY_NAMES);
  const pick = (wanted: boolean) =>
    Object.fromEntries(Object.entries(all).filter(([name]) => names.has(name) === wanted));
  return { bitrix24: pick(true) as Bitrix24Activities, onec: pick(false) as OneCActivities };
}
