/** Runs the per-client counterparty workflow, waiting its turn when another request holds the client. */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { executeChild, ParentClosePolicy, sleep } from '@temporalio/workflow';
import { bitrixClientKey } from '../domain/counterparty';
import {
  counterpartyWorkflow,
  type EnsureCounterpartyInput,
  type EnsuredCounterparty,
} from './counterparty-workflow';

export function counterpartyWorkflowId(input: Pick<EnsureCounterpartyInput, 'client'>): string {
  return `counterparty-b24-${bitrixClientKey(input.client)}`;
}

export async function ensureCounterparty(input: EnsureCounterpartyInput): Promise<EnsuredCounterparty> {
  for (;;) {
    try {
      return await executeChild(counterpartyWorkflow, {
        workflowId: counterpartyWorkflowId(input),
        args: [input],
        // The counterparty is shared: finishing it must not depend on this particular request staying alive.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await sleep('1 second');
    }
  }
}
