/**
 * Whose turn it is: the Bitrix24 item id of the request an activity works for. Items are numbered in the
 * order managers created them, so serving lower turns first is first come, first served — for the Bitrix24
 * governor and for the 1C turnstile alike, and a retried call keeps its place. Activities of other workflows
 * (the per-client counterparty workflow) get turn 0: requests are waiting for them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Context } from '@temporalio/activity';

const turns = new AsyncLocalStorage<number>();

export function currentTurn(): number {
  return turns.getStore() ?? 0;
}

const REQUEST_WORKFLOW_ID = /^request-b24-\d+-(\d+)$/;

/** The item id in the running activity's workflow id (`request-b24-<entityTypeId>-<itemId>`), else 0. */
function turnOfActivity(): number {
  let workflowId: string;
  try {
    workflowId = Context.current().info.workflowExecution?.workflowId ?? '';
  } catch {
    return 0; // Not inside an activity (tests calling a function directly).
  }
  const match = REQUEST_WORKFLOW_ID.exec(workflowId);
  return match ? Number(match[1]) : 0;
}

/** Runs every function of an activity object in its request's turn. */
export function withTurns<T extends object>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] =
      typeof fn === 'function' ? (...args: unknown[]) => turns.run(turnOfActivity(), () => fn(...args)) : fn;
  }
  return wrapped as T;
}
