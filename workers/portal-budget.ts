/**
 * The worker's side of the per-portal budget (workflows/portal-budget-workflow.ts): leases go out as
 * Updates to `bitrix24-budget-<portal host>`, which the first worker to ask starts (both may try; the id
 * lets one run exist) on the budget's own task queue (portalBudgetTaskQueue), where each worker process runs
 * a small worker for it alone: a lease waits for no request workflow's task. The governor
 * (activities/bitrix24/governor.ts) times a lease out and falls back to the process's fixed share when none
 * comes.
 */
import { type Client, WorkflowIdConflictPolicy, WorkflowNotFoundError } from '@temporalio/client';
import type { SharedBudget } from '../activities/bitrix24/governor';
import type { LeaseGrant, LeaseRequest, PortalBudgetLimits } from '../domain/portal-budget';
import { leaseUpdate, portalBudgetWorkflow } from '../workflows/portal-budget-workflow';

/** One budget per portal, named by its host (the webhook's path carries the secret, never the id). */
export function portalBudgetWorkflowId(webhookUrl: string): string {
  return `bitrix24-budget-${new URL(webhookUrl).host}`;
}

export class TemporalPortalBudget implements SharedBudget {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly workflowId: string,
    private readonly limits: PortalBudgetLimits,
  ) {}

  async lease(request: LeaseRequest): Promise<LeaseGrant> {
    try {
      return await this.send(request);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      await this.client.workflow.start(portalBudgetWorkflow, {
        workflowId: this.workflowId,
        taskQueue: this.taskQueue,
        args: [{ limits: this.limits, taskQueue: this.taskQueue }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
      return this.send(request);
    }
  }

  private send(request: LeaseRequest): Promise<LeaseGrant> {
    return this.client.workflow.getHandle(this.workflowId).executeUpdate(leaseUpdate, { args: [request] });
  }
}
