/**
 * One Bitrix24 portal's request budget, shared by every worker process (domain/portal-budget.ts): workers
 * with calls waiting lease slots through the `lease` Update and send each call at its slot's time. The
 * workflow never ends; it holds the mirrored bucket and the methods paused for their operating time, and
 * moves them on with continue-as-new before its history grows long. Started by the first worker that asks
 * (workers/portal-budget.ts).
 */
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  makeContinueAsNewFunc,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { portalBudgetTaskQueue } from '../activities/contract';
import {
  type LeaseGrant,
  type LeaseRequest,
  PortalBudget,
  type PortalBudgetLimits,
  type PortalBudgetState,
} from '../domain/portal-budget';

export interface PortalBudgetInput {
  limits: PortalBudgetLimits;
  state?: PortalBudgetState;
  /** A new run once the history has this many events (default 2000). */
  maxHistoryEvents?: number;
  /**
   * The queue the budget's own worker polls (portalBudgetTaskQueue). Runs started before it existed lack it
   * and live on the workflows' queue: their next run moves to the budget queue beside it.
   */
  taskQueue?: string;
}

export const leaseUpdate = defineUpdate<LeaseGrant, [LeaseRequest]>('lease');
export const budgetStateQuery = defineQuery<PortalBudgetState>('budgetState');

/** A lease costs a handful of history events; a new run well before the history gets heavy. */
const MAX_HISTORY_EVENTS = 2000;

export async function portalBudgetWorkflow(input: PortalBudgetInput): Promise<void> {
  // Workflow time is the time of the workflow task: the moment the lease is decided.
  const budget = new PortalBudget(input.limits, Date.now(), input.state);
  setHandler(leaseUpdate, (request) => budget.lease(request, Date.now()), {
    validator: (request) => {
      if (!(request.count >= 0 && request.refusals >= 0)) throw new Error('lease: bad count or refusals');
    },
  });
  setHandler(budgetStateQuery, () => budget.state(Date.now()));
  await condition(
    () =>
      workflowInfo().continueAsNewSuggested ||
      workflowInfo().historyLength >= (input.maxHistoryEvents ?? MAX_HISTORY_EVENTS),
  );
  await condition(allHandlersFinished);
  const taskQueue = input.taskQueue ?? portalBudgetTaskQueue(workflowInfo().taskQueue);
  await makeContinueAsNewFunc<typeof portalBudgetWorkflow>({ taskQueue })({
    ...input,
    taskQueue,
    state: budget.state(Date.now()),
  });
}
