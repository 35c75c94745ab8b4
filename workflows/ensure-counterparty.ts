/**
 * The request's 1C counterparty: an existing one is found directly; creating one goes through the per-client
 * counterparty workflow, waiting its turn when another request holds the client.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { executeChild, ParentClosePolicy, sleep } from '@temporalio/workflow';
import { bitrixClientKey } from '../domain/counterparty';
import {
  counterpartyWorkflow,
  findExisting,
  type EnsureCounterpartyInput,
  type EnsuredCounterparty,
} from './counterparty-workflow';
import { governed } from './governed';

export function counterpartyWorkflowId(input: Pick<EnsureCounterpartyInput, 'client'>): string {
  return `counterparty-b24-${bitrixClientKey(input.client)}`;
}

/**
 * A request whose client is being created by another request looks again after this long, doubling up to
 * MAX_TURN_POLL_MS: soon enough to follow right after it, without a storm of attempts in a burst.
 */
const FIRST_TURN_POLL_MS = 200;
const MAX_TURN_POLL_MS = 3_000;

export async function ensureCounterparty(input: EnsureCounterpartyInput): Promise<EnsuredCounterparty> {
  // Most clients already have a counterparty: no need to queue behind other requests of the same client.
  const existing = governed() ? await findExisting(input) : null;
  if (existing) return existing;
  for (let pollMs = FIRST_TURN_POLL_MS; ; pollMs = Math.min(pollMs * 2, MAX_TURN_POLL_MS)) {
    try {
      return await executeChild(counterpartyWorkflow, {
        workflowId: counterpartyWorkflowId(input),
        args: [input],
        // The counterparty is shared: finishing it must not depend on this particular request staying alive.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await sleep(pollMs);
    }
  }
}
