/** The activities the worker registers, built from the API clients (see workers/). */
import type { OneCBornActivities, RequestActivities } from './contract';
import { createCounterpartyActivities } from './counterparties';
import type { ActivityDeps } from './deps';
import { withFailureMapping } from './failures';
import { createRecordHistory } from './history';
import { createLoadRequest } from './load-request';
import { createNotifyManager } from './notify-manager';
import { createOneCBornActivities } from './onec-born';
import { createRequestDocumentActivities } from './request-document';
import { createStatusActivities } from './status';

export function createActivities(deps: ActivityDeps): RequestActivities & OneCBornActivities {
  return withFailureMapping<RequestActivities & OneCBornActivities>({
    loadRequest: createLoadRequest(deps),
    notifyManager: createNotifyManager(deps),
    ...createCounterpartyActivities(deps),
    ...createRequestDocumentActivities(deps),
    ...createStatusActivities(deps),
    recordHistory: createRecordHistory(deps),
    ...createOneCBornActivities(deps),
  });
}
