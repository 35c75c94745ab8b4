/**
 * Starts the interaction workflows from the receiver: a Bitrix24 activity event signals (or starts) the
 * activity's own workflow; a row added in 1C starts the workflow named after the row, at most once (again
 * only after a failed run), whichever of the notification and the periodic read comes first.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { OneCInteraction } from '../activities/contract';
import { onecRowWorkflowId } from '../domain/interaction';
import { bitrixActivityWorkflow } from '../workflows/bitrix-activity-workflow';
import { bitrixActivityChangedSignal, type BitrixActivityChanged } from '../workflows/interaction-messages';
import { onecInteractionWorkflow } from '../workflows/onec-interaction-workflow';
import { bitrixActivityWorkflowId } from '../workflows/workflow-ids';

/** What the receiver needs for interactions (an interface, so the HTTP layer is testable on its own). */
export interface InteractionSignals {
  bitrixActivityChanged(activityId: number, change: BitrixActivityChanged): Promise<string>;
  onecInteractionRecorded(found: OneCInteraction): Promise<string>;
}

export class InteractionDispatcher implements InteractionSignals {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async bitrixActivityChanged(activityId: number, change: BitrixActivityChanged): Promise<string> {
    const workflowId = bitrixActivityWorkflowId(activityId);
    await this.client.workflow.signalWithStart(bitrixActivityWorkflow, {
      workflowId,
      taskQueue: this.taskQueue,
      args: [{ activityId }],
      signal: bitrixActivityChangedSignal,
      signalArgs: [change],
      staticSummary: `Дело Битрикс24 №${activityId} → история 1С`,
    });
    return workflowId;
  }

  async onecInteractionRecorded(found: OneCInteraction): Promise<string> {
    const workflowId = onecRowWorkflowId(found.record);
    try {
      await this.client.workflow.start(onecInteractionWorkflow, {
        workflowId,
        taskQueue: this.taskQueue,
        args: [found],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        staticSummary: `Запись 1С по заявке ${found.documentNumber} → элемент Битрикс24 №${found.itemId}`,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return workflowId;
  }
}
