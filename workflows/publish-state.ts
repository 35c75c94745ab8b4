/**
 * Keeps what the Temporal UI shows in step with the request: the `RequestPhase` search attribute (one filter
 * finds every request waiting for a manager, or every failed one), the run's "current details" in words,
 * and a memo (summary line, when the phase began) that lists and the requests report read without a query.
 */
import { setCurrentDetails, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  requestDetails,
  requestSummary,
  type RequestPhase,
  type RequestView,
} from '../domain/request-summary';
import type { RequestState } from './request-state';
import { REQUEST_PHASE } from './search-attributes';

/** Memo keys read back by report/temporal-runs.ts. */
export interface RequestMemo {
  summary?: string;
  phaseSince?: string;
}

export function enterPhase(state: RequestState, phase: RequestPhase): void {
  state.phase = phase;
  publishState(state);
}

export function publishState(state: RequestState): void {
  const view = viewOf(state);
  const summary = requestSummary(view);
  const memo = (workflowInfo().memo ?? {}) as RequestMemo;
  if (workflowInfo().typedSearchAttributes.get(REQUEST_PHASE) !== state.phase) {
    upsertSearchAttributes([{ key: REQUEST_PHASE, value: state.phase }]);
    upsertMemo({ summary, phaseSince: new Date().toISOString() } satisfies RequestMemo);
  } else if (memo.summary !== summary) {
    upsertMemo({ summary } satisfies RequestMemo);
  }
  setCurrentDetails(requestDetails(view));
}

function viewOf(state: RequestState): RequestView {
  return {
    itemId: state.itemId,
    phase: state.phase,
    title: state.title,
    ...(state.counterparty?.name ? { clientName: state.counterparty.name } : {}),
    ...(state.document ? { onecNumber: state.document.number } : {}),
    ...(state.sync ? { status: state.sync.status } : {}),
    problemFields: state.problems.map((p) => p.field),
  };
}
