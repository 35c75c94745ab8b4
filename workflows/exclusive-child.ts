/**
 * Runs a child workflow under a fixed workflow id, waiting its turn while another run with that id is
 * open. Temporal allows one open run per id, which makes the id a lock that survives crashes of anything.
 * Children are started with ParentClosePolicy.ABANDON: the result is shared, so finishing it must not
 * depend on the particular caller staying alive.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, sleep } from '@temporalio/workflow';

export const SHARED_CHILD = { parentClosePolicy: ParentClosePolicy.ABANDON } as const;

/** How often a waiting caller looks again: `firstMs`, doubling up to `maxMs`. */
export interface TurnPolling {
  firstMs: number;
  maxMs: number;
}

const EVERY_SECOND: TurnPolling = { firstMs: 1_000, maxMs: 1_000 };

export async function waitingTurn<T>(
  runChild: () => Promise<T>,
  polling: TurnPolling = EVERY_SECOND,
): Promise<T> {
  for (let pollMs = polling.firstMs; ; pollMs = Math.min(pollMs * 2, polling.maxMs)) {
    try {
      return await runChild();
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await sleep(pollMs);
    }
  }
}
