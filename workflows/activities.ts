/**
 * Activity stubs with the retry policy of the whole module: retry forever with back-off on what is transient
 * (timeouts, 5xx, QUERY_LIMIT_EXCEEDED, 1C down) — the request completes once the system is back — and fail fast on what is not
 * (activities throw non-retryable ApplicationFailures for bad credentials, rejected data).
 * Bitrix24 activities go to their own task queue, where calls wait their turn for the portal's rate limit
 * (activities/bitrix24/governor.ts); that wait is part of the call, hence the longer timeout.
 */
import { proxyActivities, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import {
  bitrix24TaskQueue,
  type Bitrix24Activities,
  type InteractionActivities,
  type OneCActivities,
  type OneCBornActivities,
  type RequestActivities,
} from '../activities/contract';
import { governed } from './governed';

const retry: ActivityOptions['retry'] = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
};

const onec = proxyActivities<OneCActivities>({ startToCloseTimeout: '1 minute', retry });

/** Resolved per call: the queue follows the workflow's own task queue, known only while it runs. */
const bitrix24 = (): Bitrix24Activities =>
  proxyActivities<Bitrix24Activities>({
    // Runs started before the Bitrix24 queue existed keep scheduling on the workflows' queue.
    taskQueue: governed() ? bitrix24TaskQueue(workflowInfo().taskQueue) : workflowInfo().taskQueue,
    startToCloseTimeout: '10 minutes',
    // The calls heartbeat while they wait (activities/heartbeat.ts): a task no worker holds any more (worker
    // killed, poll answer lost) is retried after this, not after the 10 minutes.
    heartbeatTimeout: '1 minute',
    retry,
  });

export const activities: RequestActivities = {
  loadRequest: (itemId) => bitrix24().loadRequest(itemId),
  notifyManager: (input) => bitrix24().notifyManager(input),
  linkDocumentInBitrix: (input) => bitrix24().linkDocumentInBitrix(input),
  readBitrixStage: (itemId) => bitrix24().readBitrixStage(itemId),
  mirrorStageToBitrix: (input) => bitrix24().mirrorStageToBitrix(input),
  findCounterparty: (input) => onec.findCounterparty(input),
  createCounterparty: (fields) => onec.createCounterparty(fields),
  fillCounterpartyGaps: (input) => onec.fillCounterpartyGaps(input),
  ensureRequestDocument: (input) => onec.ensureRequestDocument(input),
  findRequestDocument: (itemId) => onec.findRequestDocument(itemId),
  unlinkRequestDocument: (ref) => onec.unlinkRequestDocument(ref),
  readOneCStatus: (documentRef) => onec.readOneCStatus(documentRef),
  mirrorStatusToOneC: (input) => onec.mirrorStatusToOneC(input),
  recordHistory: (entry) => onec.recordHistory(entry),
  closeDocumentOfDeletedItem: (input) => onec.closeDocumentOfDeletedItem(input),
  attachEarlierHistory: (input) => onec.attachEarlierHistory(input),
};

/** Activities of requests born in 1C (their few Bitrix24 calls are governed all the same), same retry policy. */
export const onecBornActivities = proxyActivities<OneCBornActivities>({
  startToCloseTimeout: '1 minute',
  retry,
});

/** Interactions both ways (their Bitrix24 calls are governed too), same retry policy. */
export const interactionActivities = proxyActivities<InteractionActivities>({
  startToCloseTimeout: '1 minute',
  retry,
});
