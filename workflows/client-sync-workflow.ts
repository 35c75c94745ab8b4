/**
 * One workflow per linked client: keeps a Bitrix24 company/contact and its 1C counterparty in step.
 *
 * Both systems tell it about changes as signals (Bitrix24 events through the receiver, 1C notifications of
 * the extension or the reconciliation sweep). A burst — a manager saving a card three times, 1C writing a
 * counterparty twice — is merged: the workflow waits until no signal came for `debounceMs`, drops the echoes
 * of its own writes, then reads both sides once and writes each side's owned fields to the other
 * (domain/counterparty-sync.ts). Each direction that changed something gets a history row in 1C.
 *
 * Idle for `idleCloseMs`, it completes (the next signal starts it again: nothing is lost, the sync compares
 * both sides as they are). Busy for long, it continues as new with its echo memory, so history stays short.
 */
import {
  condition,
  continueAsNew,
  defineSignal,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { HEARTBEAT_TIMEOUT } from './activity-options';
import { bitrix24TaskQueue } from '../activities/contract';
import type { CounterpartySyncActivities } from '../activities/counterparty-sync';
import {
  emptyEchoMemory,
  rememberBitrixWrite,
  rememberOneCWrite,
  sortOutSignals,
  type ClientSignal,
  type EchoMemory,
} from '../domain/client-sync-inbox';
import type { ClientTypeMapping } from '../domain/counterparty';
import { isEmptyPlan, planSync, type Ownership } from '../domain/counterparty-sync';
import type { BitrixClientRef } from '../domain/onec-request';

export interface ClientSyncSettings {
  ownership: Ownership;
  clientTypes: ClientTypeMapping;
  /** Quiet time that ends a burst. */
  debounceMs: number;
  /** A burst is cut after this long even if signals keep coming. */
  maxBurstMs: number;
  /** Complete after this long without a signal. */
  idleCloseMs: number;
  /** Sync rounds per run before continuing as new (default 100; lowered in tests). */
  roundsPerRun?: number;
}

export interface ClientSyncInput {
  client: BitrixClientRef;
  settings: ClientSyncSettings;
  /** Carried over by continue-as-new. */
  memory?: EchoMemory;
  pending?: ClientSignal[];
}

/** A Bitrix24 event about the company/contact (ids only: the workflow re-reads it). */
export interface BitrixClientChanged {
  event: 'add' | 'update' | 'delete';
  ts: number;
}

/** The counterparty was written in 1C (extension notification or reconciliation sweep). */
export interface OneCCounterpartyChanged {
  eventId: string;
  dataVersion: string;
  initiator: 'user' | 'integration';
}

export const bitrixClientChangedSignal = defineSignal<[BitrixClientChanged]>('bitrixClientChanged');
export const onecCounterpartyChangedSignal =
  defineSignal<[OneCCounterpartyChanged]>('onecCounterpartyChanged');

/** Sync rounds per run before continuing as new (each round is a handful of events). */
const ROUNDS_PER_RUN = 100;
/** Attempts when 1C's counterparty changes between our read and our write. */
const WRITE_ATTEMPTS = 3;

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' };
const onec = proxyActivities<CounterpartySyncActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry,
});
const bitrix24 = (): CounterpartySyncActivities =>
  proxyActivities<CounterpartySyncActivities>({
    taskQueue: bitrix24TaskQueue(workflowInfo().taskQueue),
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry,
  });

export async function clientSyncWorkflow(input: ClientSyncInput): Promise<void> {
  const { client, settings } = input;
  const pending: ClientSignal[] = [...(input.pending ?? [])];
  let received = pending.length;
  let memory = input.memory ?? emptyEchoMemory();
  setHandler(bitrixClientChangedSignal, (s) => {
    pending.push({ source: 'bitrix24', event: s.event, ts: s.ts });
    received += 1;
  });
  setHandler(onecCounterpartyChangedSignal, (s) => {
    pending.push({ source: 'onec', ...s });
    received += 1;
  });

  for (let round = 0; round < (settings.roundsPerRun ?? ROUNDS_PER_RUN); round++) {
    if (!(await condition(() => pending.length > 0, settings.idleCloseMs))) return;
    await quietPeriod(() => received, settings);
    const burst = pending.splice(0);
    const sorted = sortOutSignals(memory, burst);
    memory = sorted.memory;
    if (sorted.news.length === 0) continue;
    memory = await syncOnce(client, settings, memory, `${workflowInfo().runId.slice(0, 8)}-${round}`);
    if (workflowInfo().continueAsNewSuggested) break;
  }
  // Signals that arrived while we were deciding to leave travel with the new run.
  await continueAsNew<typeof clientSyncWorkflow>({ client, settings, memory, pending: pending.splice(0) });
}

/** Waits until no signal came for `debounceMs` (at most `maxBurstMs`): one sync for the whole burst. */
async function quietPeriod(received: () => number, settings: ClientSyncSettings): Promise<void> {
  const started = Date.now();
  for (;;) {
    const seen = received();
    await sleep(settings.debounceMs);
    if (received() === seen || Date.now() - started >= settings.maxBurstMs) return;
  }
}

/**
 * The client in Bitrix24 and its linked counterparty in 1C. 1C first: a new company (every one a manager
 * creates sends an event) has no counterparty yet, and reading it from Bitrix24 would spend the portal's
 * budget — 2 calls a second, shared with the requests — on nothing. Runs started before read both at once.
 */
async function readBothSides(client: BitrixClientRef) {
  if (!patched('client-sync-reads-onec-first')) {
    return Promise.all([bitrix24().readBitrixClientSide(client), onec.readLinkedCounterparty(client)]);
  }
  const counterparty = await onec.readLinkedCounterparty(client);
  if (!counterparty) return [null, null] as const;
  return [await bitrix24().readBitrixClientSide(client), counterparty] as const;
}

async function syncOnce(
  client: BitrixClientRef,
  settings: ClientSyncSettings,
  memoryBefore: EchoMemory,
  syncId: string,
): Promise<EchoMemory> {
  let memory = memoryBefore;
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const [bitrix, counterparty] = await readBothSides(client);
    // Not linked (yet), or gone on one side: nothing to keep in step.
    if (!bitrix || !counterparty) return memory;
    memory = { ...memory, lastOneCVersion: counterparty.dataVersion };
    const plan = planSync(bitrix, counterparty, settings.ownership, settings.clientTypes);
    if (isEmptyPlan(plan)) return memory;

    if (plan.onecChanges.length > 0) {
      const written = await onec.writeLinkedCounterparty({
        ref: counterparty.ref,
        patch: plan.toOneC,
        dataVersion: counterparty.dataVersion,
      });
      // Someone wrote the counterparty between our read and our write: read again and decide again.
      if (!written) continue;
      memory = rememberOneCWrite(memory, written.dataVersion);
    }
    if (plan.bitrixChanges.length > 0) {
      const { modifiedAt } = await bitrix24().writeBitrixClientSide({ client, patch: plan.toBitrix });
      if (modifiedAt !== null) memory = rememberBitrixWrite(memory, modifiedAt);
    }
    const at = new Date().toISOString();
    const rows = [
      { direction: 'to-onec' as const, changes: plan.onecChanges },
      { direction: 'to-bitrix' as const, changes: plan.bitrixChanges },
    ].filter((r) => r.changes.length > 0);
    await Promise.all(
      rows.map((r) =>
        onec.recordCounterpartySync({ counterpartyRef: counterparty.ref, client, syncId, at, ...r }),
      ),
    );
    log.info('counterparty synchronised', {
      toOneC: plan.onecChanges.map((c) => c.field),
      toBitrix: plan.bitrixChanges.map((c) => c.field),
    });
    return memory;
  }
  log.warn('counterparty kept changing in 1C during the sync; the next change signal tries again');
  return memory;
}
