/**
 * Activity stubs with the retry policy of the whole module: retry forever with back-off on what is transient
 * (timeouts, 5xx, QUERY_LIMIT_EXCEEDED, 1C down) — the request completes once the system is back — and fail
 * fast on what is not (activities throw non-retryable ApplicationFailures for bad credentials, rejected data).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { RequestActivities } from '../activities/contract';

export const activities = proxyActivities<RequestActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
  },
});
