/**
 * Whose turn it is: the Bitrix24 item id of the request an activity works for. Items are numbered in the
 * order managers created them, so serving lower turns first is first come, first served — for the Bitrix24
 * governor and for the 1C turnstile alike, and a retried call keeps its place. Activities of the workflows
 * requests wait for (the per-client counterparty workflow, reconciliation that finds lost requests, the
 * offline-queue reader that brings their events) get turn 0. Background work nobody waits for — keeping an
 * already linked client in step, copying interactions, the back-fill — goes after every request: a burst of
 * new companies would otherwise spend the portal's budget on syncs (one read each) while the requests of
 * those very companies wait.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Context } from '@temporalio/activity';

const turns = new AsyncLocalStorage<number>();

export function currentTurn(): number {
  return turns.getStore() ?? 0;
}

const REQUEST_WORKFLOW_ID = /^request-b24-\d+-(\d+)$/;
/** Counterparty sync, interactions both ways, the back-fill (workflows/workflow-ids.ts, client/backfill.ts). */
const BACKGROUND_WORKFLOW_ID = /^(counterparty-sync-|interaction-|backfill-)/;
/** After every request's turn (item ids are far below it). */
export const BACKGROUND_TURN = Number.MAX_SAFE_INTEGER;

/** The item id of a request workflow (`request-b24-<entityTypeId>-<itemId>`); see the comment above. */
export function turnOfWorkflow(workflowId: string): number {
  const match = REQUEST_WORKFLOW_ID.exec(workflowId);
  if (match) return Number(match[1]);
  return BACKGROUND_WORKFLOW_ID.test(workflowId) ? BACKGROUND_TURN : 0;
}

function turnOfActivity(): number {
  try {
    return turnOfWorkflow(Context.current().info.workflowExecution?.workflowId ?? '');
  } catch {
    return 0; // Not inside an activity (tests calling a function directly).
  }
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
