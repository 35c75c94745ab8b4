/**
 * Activity stubs with the retry policy of the whole module: retry forever with back-off on what is transient
 * (timeouts, 5xx, QUERY_LIMIT_EXCEEDED, 1C down) — the request completes once the system is back — and fail
 * fast on what is not (activities throw non-retryable ApplicationFailures for bad credentials, rejected data).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { OneCBornActivities, RequestActivities } from '../activities/contract';

const options = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
  },
} as const;

export const activities = proxyActivities<RequestActivities>(options);

/** Activities of requests born in 1C, same retry policy. */
export const onecBornActivities = proxyActivities<OneCBornActivities>(options);
