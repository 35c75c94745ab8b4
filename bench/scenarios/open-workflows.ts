/**
 * (c) Worker memory with many open requests: 1 000 request workflows waiting for status changes. They take
 * the fast path into that phase — started from the state a run hands to its successor on continue-as-new
 * (document linked, statuses in agreement) — so the portal's rate limit does not make this take 20 minutes.
 * Each is queried once, so every one has been loaded by the worker before its memory is measured.
 */
import { initialSyncState } from '../../domain/status-sync';
import { requestSettingsFromConfig } from '../../client/request-settings';
import { requestWorkflowId } from '../../client/request-dispatcher';
import { requestStateQuery } from '../../workflows/messages';
import { requestWorkflow } from '../../workflows/request-workflow';
import type { RequestState } from '../../workflows/request-state';
import type { BenchStack } from '../stack';
import { sleep } from '../stats';

export interface OpenWorkflowsResult {
  workflows: number;
  idleRssBytes: number;
  rssBytes: number;
}

const FIRST_ITEM = 1_000_000;
const CONCURRENCY = 25;

function waitingState(itemId: number): RequestState {
  return {
    phase: 'syncing-status',
    itemId,
    title: `Открытая заявка ${itemId}`,
    problems: [],
    escalated: false,
    counterparty: { ref: `cp-${itemId}`, inn: '', created: false },
    document: { ref: `doc-${itemId}`, number: String(itemId) },
    sync: initialSyncState('Новая', 'DT1038_10:NEW'),
    notes: [],
    seenEventIds: [],
    ownWrites: [],
  };
}

async function inParallel(count: number, run: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

export async function openWorkflows(bench: BenchStack, count: number): Promise<OpenWorkflowsResult> {
  const { stack } = bench;
  const idleRssBytes = (await bench.workerUsage()).rss;
  const settings = { ...requestSettingsFromConfig(stack.config), onecPollIntervalMs: null };
  const ids = Array.from({ length: count }, (_, i) => FIRST_ITEM + i);
  await inParallel(count, (i) =>
    stack.client.workflow.start(requestWorkflow, {
      workflowId: requestWorkflowId(settings.entityTypeId, ids[i]!),
      taskQueue: stack.config.temporal.taskQueue,
      args: [{ itemId: ids[i]!, settings, resume: waitingState(ids[i]!) }],
    }),
  );
  await inParallel(count, (i) =>
    stack.client.workflow
      .getHandle(requestWorkflowId(settings.entityTypeId, ids[i]!))
      .query(requestStateQuery),
  );
  await sleep(2_000);
  const rssBytes = (await bench.workerUsage()).rss;
  await inParallel(count, (i) =>
    stack.client.workflow
      .getHandle(requestWorkflowId(settings.entityTypeId, ids[i]!))
      .terminate('benchmark done'),
  );
  return { workflows: count, idleRssBytes, rssBytes };
}
