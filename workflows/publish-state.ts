/**
 * Keeps what the Temporal UI shows in step with the request: the `RequestPhase` search attribute (one filter
 * finds every request waiting for a manager, or every failed one) and the run's "current details" in words.
 */
import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { requestDetails, type RequestPhase } from '../domain/request-summary';
import type { RequestState } from './request-state';
import { REQUEST_PHASE } from './search-attributes';

export function enterPhase(state: RequestState, phase: RequestPhase): void {
  state.phase = phase;
  publishState(state);
}

export function publishState(state: RequestState): void {
  if (workflowInfo().typedSearchAttributes.get(REQUEST_PHASE) !== state.phase) {
    upsertSearchAttributes([{ key: REQUEST_PHASE, value: state.phase }]);
  }
  setCurrentDetails(
    requestDetails({
      itemId: state.itemId,
      phase: state.phase,
      title: state.title,
      ...(state.counterparty?.name ? { clientName: state.counterparty.name } : {}),
      ...(state.document ? { onecNumber: state.document.number } : {}),
      ...(state.sync ? { status: state.sync.status } : {}),
      problemFields: state.problems.map((p) => p.field),
    }),
  );
}
