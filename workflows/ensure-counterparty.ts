/** Runs the per-client counterparty workflow, waiting its turn when another request holds the client. */
import { executeChild } from '@temporalio/workflow';
import { bitrixClientKey } from '../domain/counterparty';
import {
  counterpartyWorkflow,
  type EnsureCounterpartyInput,
  type EnsuredCounterparty,
} from './counterparty-workflow';
import { SHARED_CHILD, waitingTurn } from './exclusive-child';

export function counterpartyWorkflowId(input: Pick<EnsureCounterpartyInput, 'client'>): string {
  return `counterparty-b24-${bitrixClientKey(input.client)}`;
}

export async function ensureCounterparty(input: EnsureCounterpartyInput): Promise<EnsuredCounterparty> {
  return waitingTurn(() =>
    executeChild(counterpartyWorkflow, {
      workflowId: counterpartyWorkflowId(input),
      args: [input],
      ...SHARED_CHILD,
    }),
  );
}
