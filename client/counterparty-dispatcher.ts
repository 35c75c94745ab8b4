/**
 * Starts or signals the client entity workflows (workflows/client-sync-workflow.ts) with signal-with-start:
 * the first change starts it, later ones join the running burst. Used by the receiver and by the
 * reconciliation sweep, so both paths behave the same.
 */
import type { Client } from '@temporalio/client';
import type { IntegrationConfig } from '../config/schema';
import { bitrixClientKey } from '../domain/counterparty';
import type { BitrixClientRef } from '../domain/onec-request';
import {
  bitrixClientChangedSignal,
  clientSyncWorkflow,
  onecCounterpartyChangedSignal,
  type BitrixClientChanged,
  type ClientSyncSettings,
  type OneCCounterpartyChanged,
} from '../workflows/client-sync-workflow';
import { clientSyncWorkflowId } from '../workflows/workflow-ids';

/** What the receiver and the sweep need (an interface, so they are testable without Temporal). */
export interface CounterpartySignals {
  bitrixClientChanged(client: BitrixClientRef, change: BitrixClientChanged): Promise<string>;
  onecCounterpartyChanged(client: BitrixClientRef, change: OneCCounterpartyChanged): Promise<string>;
}

/** A burst is cut after this many debounce periods even if changes keep coming. */
const MAX_BURST_DEBOUNCES = 10;

export function clientSyncSettingsFromConfig(config: IntegrationConfig): ClientSyncSettings {
  const sync = config.counterpartySync;
  return {
    ownership: sync.ownership,
    clientTypes: config.mapping.clientTypes,
    debounceMs: sync.debounceMs,
    maxBurstMs: sync.debounceMs * MAX_BURST_DEBOUNCES,
    idleCloseMs: sync.idleCloseMs,
  };
}

export class CounterpartyDispatcher implements CounterpartySignals {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly settings: ClientSyncSettings,
  ) {}

  async bitrixClientChanged(client: BitrixClientRef, change: BitrixClientChanged): Promise<string> {
    return this.signal(client, (options) =>
      this.client.workflow.signalWithStart(clientSyncWorkflow, {
        ...options,
        signal: bitrixClientChangedSignal,
        signalArgs: [change],
      }),
    );
  }

  async onecCounterpartyChanged(client: BitrixClientRef, change: OneCCounterpartyChanged): Promise<string> {
    return this.signal(client, (options) =>
      this.client.workflow.signalWithStart(clientSyncWorkflow, {
        ...options,
        signal: onecCounterpartyChangedSignal,
        signalArgs: [change],
      }),
    );
  }

  private async signal(
    client: BitrixClientRef,
    send: (options: {
      workflowId: string;
      taskQueue: string;
      args: Parameters<typeof clientSyncWorkflow>;
      staticSummary: string;
    }) => Promise<unknown>,
  ): Promise<string> {
    const workflowId = clientSyncWorkflowId(bitrixClientKey(client));
    await send({
      workflowId,
      taskQueue: this.taskQueue,
      args: [{ client, settings: this.settings }],
      staticSummary: `Клиент Битрикс24: ${client.kind === 'company' ? 'компания' : 'контакт'} ${client.id}`,
    });
    return workflowId;
  }
}
