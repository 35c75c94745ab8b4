/**
 * Starts or signals request workflows. Workflow ids are derived from the Bitrix24 item, and every delivery
 * uses signal-with-start: the first one starts the workflow, duplicates and late deliveries only add a
 * signal the workflow coalesces — so the same event delivered three times, in any order, changes nothing.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { BitrixItemChanged, OneCDocumentPosted, OneCStatusChanged } from '../workflows/messages';
import {
  bitrixItemChangedSignal,
  onecDocumentPostedSignal,
  onecStatusChangedSignal,
} from '../workflows/messages';
import { onecRequestWorkflow } from '../workflows/onec-request-workflow';
import { requestWorkflow, type RequestWorkflowInput } from '../workflows/request-workflow';
import type { RequestSettings } from '../workflows/request-settings';
import { B24_ITEM_ID } from '../workflows/search-attributes';
import { onecRequestWorkflowId, requestWorkflowId } from '../workflows/workflow-ids';

export { onecRequestWorkflowId, requestWorkflowId };

/** What the receiver needs from Temporal (an interface, so the HTTP layer is testable on its own). */
export interface RequestSignals {
  bitrixItemChanged(itemId: number, change: BitrixItemChanged): Promise<string>;
  onecStatusChanged(itemId: number, change: OneCStatusChanged): Promise<string>;
  /** A posted 1C document not linked to Bitrix24: its 1C-born workflow (`request-onec-<Ref_Key>`). */
  onecDocumentPosted(documentRef: string, notice: OneCDocumentPosted): Promise<string>;
}

export class RequestDispatcher implements RequestSignals {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly settings: RequestSettings,
  ) {}

  async bitrixItemChanged(itemId: number, change: BitrixItemChanged): Promise<string> {
    const workflowId = requestWorkflowId(this.settings.entityTypeId, itemId);
    if (change.event === 'delete') {
      // A deleted item needs no new workflow; a running one learns it on its next read.
      await this.signalIfRunning(workflowId, () =>
        this.client.workflow.getHandle(workflowId).signal(bitrixItemChangedSignal, change),
      );
      return workflowId;
    }
    await this.client.workflow.signalWithStart(requestWorkflow, {
      ...this.startOptions(itemId),
      signal: bitrixItemChangedSignal,
      signalArgs: [change],
    });
    return workflowId;
  }

  async onecStatusChanged(itemId: number, change: OneCStatusChanged): Promise<string> {
    const options = this.startOptions(itemId);
    await this.client.workflow.signalWithStart(requestWorkflow, {
      ...options,
      signal: onecStatusChangedSignal,
      signalArgs: [change],
    });
    return options.workflowId;
  }

  async onecDocumentPosted(documentRef: string, notice: OneCDocumentPosted): Promise<string> {
    const workflowId = onecRequestWorkflowId(documentRef);
    // A finished run is started anew: it re-reads the document and does nothing once it is linked.
    await this.client.workflow.signalWithStart(onecRequestWorkflow, {
      workflowId,
      taskQueue: this.taskQueue,
      args: [{ documentRef, settings: this.settings }],
      signal: onecDocumentPostedSignal,
      signalArgs: [notice],
    });
    return workflowId;
  }

  private startOptions(itemId: number) {
    return {
      workflowId: requestWorkflowId(this.settings.entityTypeId, itemId),
      taskQueue: this.taskQueue,
      args: [{ itemId, settings: this.settings }] as [RequestWorkflowInput],
      typedSearchAttributes: [{ key: B24_ITEM_ID, value: itemId }],
      // Fixed at start, when only the item id is known; the run's "current details" add title, client,
      // 1C number and state as the workflow learns them.
      staticSummary: `Заявка Битрикс24 №${itemId}`,
    };
  }

  private async signalIfRunning(workflowId: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
}
