/**
 * The request's 1C counterparty: an existing one is found directly; creating one goes through the per-client
 * counterparty workflow, waiting its turn when another request holds the client.
 */
import { executeChild } from '@temporalio/workflow';
import { bitrixClientKey } from '../domain/counterparty';
import {
  counterpartyWorkflow,
  type EnsureCounterpartyInput,
  type EnsuredCounterparty,
} from './counterparty-workflow';
import { findExisting } from './find-or-create-counterparty';
import { governed } from './governed';
import { SHARED_CHILD, waitingTurn, type TurnPolling } from './exclusive-child';

export function counterpartyWorkflowId(input: Pick<EnsureCounterpartyInput, 'client'>): string {
  return `counterparty-b24-${bitrixClientKey(input.client)}`;
}

/**
 * A request whose client is being created by another request looks again after 200 ms, doubling up to 3 s:
 * soon enough to follow right after it, without a storm of attempts in a burst.
 */
const BURST_POLLING: TurnPolling = { firstMs: 200, maxMs: 3_000 };

export async function ensureCounterparty(input: EnsureCounterpartyInput): Promise<EnsuredCounterparty> {
  // Most clients already have a counterparty: no need to queue behind other requests of the same client.
  // A counterparty found here is only read (and its gaps filled); creating one still takes both locks.
  const existing = governed() ? await findExisting(input) : null;
  if (existing) return existing;
  return waitingTurn(
    () =>
      executeChild(counterpartyWorkflow, {
        workflowId: counterpartyWorkflowId(input),
        args: [input],
        ...SHARED_CHILD,
      }),
    governed() ? BURST_POLLING : undefined,
  );
}
