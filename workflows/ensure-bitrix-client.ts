/** Runs the per-counterparty Bitrix24 client workflow, waiting its turn when another request holds it. */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { executeChild, ParentClosePolicy, sleep } from '@temporalio/workflow';
import {
  bitrixClientWorkflow,
  type EnsureBitrixClientInput,
  type EnsuredBitrixClient,
} from './bitrix-client-workflow';

export function bitrixClientWorkflowId(counterpartyRef: string): string {
  return `client-onec-${counterpartyRef.toLowerCase()}`;
}

export async function ensureBitrixClient(input: EnsureBitrixClientInput): Promise<EnsuredBitrixClient> {
  for (;;) {
    try {
      return await executeChild(bitrixClientWorkflow, {
        workflowId: bitrixClientWorkflowId(input.counterpartyRef),
        args: [input],
        // The client is shared: finishing it must not depend on this particular request staying alive.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await sleep('1 second');
    }
  }
}
