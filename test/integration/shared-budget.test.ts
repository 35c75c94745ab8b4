/**
 * Two worker processes' governors on one portal budget, over a real Temporal server: the budget workflow
 * leases slots through Updates, and the calls go to the Bitrix24 sandbox with its rate limit on (small:
 * 5 requests/s, bucket 10). Together the two never overflow the portal's bucket (no QUERY_LIMIT_EXCEEDED),
 * and the busy one uses the share the idle one leaves: more calls than a fixed half could ever have sent
 * in the time taken. The cluster-wide figures are `npm run bench -- --cluster`.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { portalBudgetTaskQueue } from '../../activities/contract';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { Bitrix24Client } from '../../activities/bitrix24/client';
import { Bitrix24Governor, CLOUD_LIMITS } from '../../activities/bitrix24/governor';
import { sharedBudgetLimits } from '../../domain/portal-budget';
import { type Bitrix24Sandbox, startBitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { portalBudgetWorkflowId, TemporalPortalBudget } from '../../workers/portal-budget';
import { budgetStateQuery, portalBudgetWorkflow } from '../../workflows/portal-budget-workflow';
import { startTestTemporal } from '../support/temporal-env';

const LIMITS = { requestsPerSecond: 5, bucketSize: 10 };
/** The workflows' queue; the budget lives on its own queue beside it, as in workers/request-worker.ts. */
const TASK_QUEUE = 'shared-budget';
const BUDGET_QUEUE = portalBudgetTaskQueue(TASK_QUEUE);
const WORKERS = 2;

let env: TestWorkflowEnvironment;
let sandbox: Bitrix24Sandbox;
let workers: Worker[];
let running: Promise<unknown>;

before(async () => {
  env = await startTestTemporal();
  sandbox = await startBitrix24Sandbox({ port: 0, httpsPort: false });
  sandbox.setRateLimit({
    enabled: true,
    ratePerSecond: LIMITS.requestsPerSecond,
    bucketSize: LIMITS.bucketSize,
  });
  // A run started before the budget had its own queue lives on the workflows' queue, served there too.
  workers = await Promise.all(
    [TASK_QUEUE, BUDGET_QUEUE].map((taskQueue) =>
      Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowsPath: fileURLToPath(new URL('../../workflows/portal-budget-workflow.ts', import.meta.url)),
      }),
    ),
  );
  running = Promise.all(workers.map((w) => w.run()));
});
after(async () => {
  for (const w of workers ?? []) w.shutdown();
  await running;
  await sandbox?.close();
  await env?.teardown();
});

/** One worker process's governed client: the shared budget, and its fixed half should that be unreachable. */
function workerClient() {
  const fallbacks: unknown[] = [];
  const governor = new Bitrix24Governor(
    {
      ...CLOUD_LIMITS,
      requestsPerSecond: LIMITS.requestsPerSecond / WORKERS,
      bucketSize: LIMITS.bucketSize / WORKERS,
    },
    undefined,
    {
      budget: new TemporalPortalBudget(
        env.client,
        BUDGET_QUEUE,
        portalBudgetWorkflowId(sandbox.webhookUrl),
        sharedBudgetLimits(LIMITS.requestsPerSecond, LIMITS.bucketSize),
      ),
      onFallback: (cause) => fallbacks.push(cause),
    },
  );
  const client = new Bitrix24Client({ webhookUrl: sandbox.webhookUrl, governor, turn: 1 });
  const calls = (n: number) =>
    Promise.all(Array.from({ length: n }, () => client.call('crm.status.list', {}, z.unknown())));
  return { governor, calls, fallbacks };
}

describe('one Bitrix24 budget shared by two workers', { timeout: 120_000 }, () => {
  test('the two never overflow the bucket, and the busy one uses the idle one’s share', async () => {
    const busy = workerClient();
    const idle = workerClient();
    sandbox.stats.reset();
    const began = Date.now();
    await Promise.all([busy.calls(46), idle.calls(4)]);
    const seconds = (Date.now() - began) / 1000;

    const stats = sandbox.stats.get();
    assert.deepEqual(stats.refused, {}, 'no call refused by the portal');
    assert.equal(stats.requests, 50);
    assert.deepEqual([...busy.fallbacks, ...idle.fallbacks], [], 'the budget workflow answered every lease');
    assert.equal(busy.governor.stats().source, 'shared');
    // A fixed half (bucket 5 less 1 headroom, 2.5/s) could have sent at most this many in that time.
    const fixedHalf = 4 + (LIMITS.requestsPerSecond / WORKERS) * seconds;
    assert.ok(
      busy.governor.stats().admitted > fixedHalf,
      `${busy.governor.stats().admitted} calls in ${seconds} s`,
    );

    const handle = env.client.workflow.getHandle(portalBudgetWorkflowId(sandbox.webhookUrl));
    const state = await handle.query(budgetStateQuery);
    assert.ok(state.granted >= 50, `granted ${state.granted}`);
    assert.equal((await handle.describe()).taskQueue, BUDGET_QUEUE, 'started on the budget’s own queue');
  });

  test('the budget moves to a new run before its history grows long, leases going on across it', async () => {
    const workflowId = 'bitrix24-budget-continue-as-new';
    const limits = sharedBudgetLimits(LIMITS.requestsPerSecond, LIMITS.bucketSize);
    // As a worker of the release before the budget's own queue started it: on the workflows' queue, no queue given.
    const first = await env.client.workflow.start(portalBudgetWorkflow, {
      workflowId,
      taskQueue: TASK_QUEUE,
      args: [{ limits, maxHistoryEvents: 30 }],
    });
    const budget = new TemporalPortalBudget(env.client, BUDGET_QUEUE, workflowId, limits);
    const slots: number[] = [];
    // Two leases at a time, as two workers would ask.
    for (let i = 0; i < 15; i++) {
      const grants = await Promise.all([0, 1].map(() => budget.lease({ count: 1, refusals: 0, pauses: {} })));
      slots.push(...grants.flatMap((g) => g.slots));
    }
    assert.equal(slots.length, 30, 'every lease answered');
    const handle = env.client.workflow.getHandle(workflowId);
    const { runId, taskQueue } = await handle.describe();
    assert.notEqual(runId, first.firstExecutionRunId, 'continued as new');
    assert.equal(taskQueue, BUDGET_QUEUE, 'the new run moved to the budget’s own queue');
    assert.equal((await handle.query(budgetStateQuery)).granted, 30, 'the count carried over');
    // The bucket carried over too: beyond its capacity, the 30 slots are spread at the portal's rate.
    const capacity = limits.bucketSize - limits.headroom;
    const sorted = [...slots].sort((a, b) => a - b);
    assert.ok(sorted.at(-1)! - sorted[0]! >= ((30 - capacity) / LIMITS.requestsPerSecond) * 1000 - 1);
  });
});
