/**
 * Activity stubs with the retry policy of the whole module: retry forever with back-off on what is transient
 * (timeouts, 5xx, QUERY_LIMIT_EXCEEDED, 1C down) — the request completes once the system is back — and fail fast on what is not
 * (activities throw non-retryable ApplicationFailures for bad credentials, rejected data).
 * Bitrix24 activities go to their own task queue, where calls wait their turn for the portal's rate limit
 * (activities/bitrix24/governor.ts); that wait is part of the call, hence the longer timeout.
 * The 1C steps (a few OData requests of milliseconds each) are first tried once as local activities: in the
 * worker that runs the workflow, inside its workflow task, so find counterparty → fill its gaps → create and
 * post the document costs no round trip through the Temporal server per step (each used to add a workflow
 * task and three history events). Their results stay in the history (as markers, encrypted like every
 * payload). A failure that may pass — 1C down, a timeout — goes the ordinary way: the same step as
 * a normal activity with the retry policy above, visible in the UI as a pending activity with its attempts
 * and reset to like before. History rows stay ordinary activities: they are written concurrently with the
 * next step, and a pending local activity would hold the workflow task open until it ends.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import {
  bitrix24TaskQueue,
  type Bitrix24Activities,
  type InteractionActivities,
  type OneCActivities,
  type OneCBornActivities,
  type RequestActivities,
} from '../activities/contract';
import { HEARTBEAT_TIMEOUT } from './activity-options';
import { governed } from './governed';

const retry: ActivityOptions['retry'] = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  // Once 1C (or the portal) is back, a waiting request notices within this: 30 s, not a minute, after an
  // outage of any length. One attempt per request every 30 s is still nothing for a server that is down.
  maximumInterval: '30 seconds',
};

const onecRemote = proxyActivities<OneCActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry,
});
const onecFirstTry = proxyLocalActivities<OneCActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 1 },
});

/** A local activity's failure reaches the workflow as the ApplicationFailure itself, an activity's wrapped. */
const refusedForGood = (err: unknown): boolean => {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  return failure instanceof ApplicationFailure && failure.nonRetryable === true;
};

/**
 * A 1C step: one local attempt, then, unless it succeeded, the ordinary activity. Runs started before this
 * replay the activities they recorded.
 */
function firstLocally<F extends (...args: never[]) => Promise<unknown>>(local: F, remote: F): F {
  const step = async (...args: Parameters<F>): Promise<unknown> => {
    if (!patched('local-onec-steps')) return remote(...args);
    try {
      return await local(...args);
    } catch (err) {
      // A refusal that retrying cannot change (bad data, bad credentials) fails the step as it always did.
      if (isCancellation(err)) throw err;
      // Wrapped as an activity's failure is, so the workflow tells them apart as before (vanished document…).
      if (refusedForGood(err))
        throw err instanceof ActivityFailure
          ? err
          : new ActivityFailure(
              'Activity task failed',
              'local',
              undefined,
              RetryState.NON_RETRYABLE_FAILURE,
              undefined,
              err as Error,
            );
      return remote(...args);
    }
  };
  return step as F;
}

/** Resolved per call: the queue follows the workflow's own task queue, known only while it runs. */
const bitrix24 = (): Bitrix24Activities =>
  proxyActivities<Bitrix24Activities>({
    // Runs started before the Bitrix24 queue existed keep scheduling on the workflows' queue.
    taskQueue: governed() ? bitrix24TaskQueue(workflowInfo().taskQueue) : workflowInfo().taskQueue,
    startToCloseTimeout: '10 minutes',
    // The calls heartbeat while they wait (activities/heartbeat.ts): a task no worker holds any more (worker
    // killed, poll answer lost) is retried after this, not after the 10 minutes.
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry,
  });

/** The 1C step `name`: one local attempt, then the ordinary activity (firstLocally). */
const onec = <K extends keyof OneCActivities>(name: K): OneCActivities[K] =>
  firstLocally<OneCActivities[K]>(onecFirstTry[name], onecRemote[name]);

export const activities: RequestActivities = {
  loadRequest: (itemId) => bitrix24().loadRequest(itemId),
  notifyManager: (input) => bitrix24().notifyManager(input),
  linkDocumentInBitrix: (input) => bitrix24().linkDocumentInBitrix(input),
  readBitrixStage: (itemId) => bitrix24().readBitrixStage(itemId),
  mirrorStageToBitrix: (input) => bitrix24().mirrorStageToBitrix(input),
  findCounterparty: onec('findCounterparty'),
  createCounterparty: onec('createCounterparty'),
  fillCounterpartyGaps: onec('fillCounterpartyGaps'),
  ensureRequestDocument: onec('ensureRequestDocument'),
  findRequestDocument: onec('findRequestDocument'),
  unlinkRequestDocument: onec('unlinkRequestDocument'),
  readOneCStatus: onec('readOneCStatus'),
  mirrorStatusToOneC: onec('mirrorStatusToOneC'),
  // Not first tried locally: written beside the next step (see the top of this file).
  recordHistory: (entry) => onecRemote.recordHistory(entry),
  closeDocumentOfDeletedItem: onec('closeDocumentOfDeletedItem'),
  attachEarlierHistory: onec('attachEarlierHistory'),
};

/** Activities of requests born in 1C (their few Bitrix24 calls are governed all the same), same retry policy. */
export const onecBornActivities = proxyActivities<OneCBornActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry,
});

/** Interactions both ways (their Bitrix24 calls are governed too), same retry policy. */
export const interactionActivities = proxyActivities<InteractionActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry,
});
