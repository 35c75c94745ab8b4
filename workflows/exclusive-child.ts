/**
 * Runs a child workflow under a fixed workflow id, waiting its turn while another run with that id is
 * open. Temporal allows one open run per id, which makes the id a lock that survives crashes of anything.
 * Children are started with ParentClosePolicy.ABANDON: the result is shared, so finishing it must not
 * depend on the particular caller staying alive.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, sleep } from '@temporalio/workflow';

export const SHARED_CHILD = { parentClosePolicy: ParentClosePolicy.ABANDON } as const;

export async function waitingTurn<T>(runChild: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await runChild();
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await sleep('1 second');
    }
  }
}
