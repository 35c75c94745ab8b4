/**
 * (b) A burst: 40 requests from four clients (two companies, two contacts), each known to 1C from a first
 * request, created as fast as a portal takes them. Measured: time until the last one is linked back, per-request latency,
 * Bitrix24 calls per request and refused calls from the portal's counters, and the lower bound the limit
 * allows: the first 50 calls fit the bucket, every further one waits 1/2 s.
 */
import { bitrix24TaskQueue } from '../../activities/contract';
import { requestWorkflowId } from '../../client/request-dispatcher';
import { activitySpread, type WorkerSpread } from './activity-spread';
import type { BenchStack } from '../stack';
import { createRequest, ItemUpdates, portalStats, refusedCount, type Client } from '../portal';
import { percentile, sleep } from '../stats';

export interface BurstResult {
  requests: number;
  totalMs: number;
  p50Ms: number;
  p90Ms: number;
  calls: number;
  callsPerRequest: number;
  refused: number;
  boundMs: number;
  /** Pairs of requests that finished in the opposite order of their arrival. */
  inversions: number;
  methods: Record<string, number>;
  /**
   * Item-added events the receivers accepted, per request (warm-up included): 1 on one machine, one per
   * receiver in the cluster, where every receiver is a registered handler of the same events.
   */
  addEventsPerRequest: number;
  /** CPU time of the worker process(es) per request, ms: explains latencies on a busy machine. */
  workerCpuMsPerRequest: number;
  /** Per worker process: the burst's Bitrix24 activities it ran and how long they waited. */
  spread: WorkerSpread[];
}

/** Why a request did not finish: its workflow's status and pending activities, for the error message. */
async function describeWorkflow(bench: BenchStack, itemId: number): Promise<string> {
  const handle = bench.stack.client.workflow.getHandle(requestWorkflowId(1038, itemId));
  const { status, raw } = await handle.describe();
  const pending = (raw.pendingActivities ?? []).map(
    (a) =>
      `${a.activityType?.name} attempt ${a.attempt} state ${a.state} worker ${a.lastWorkerIdentity ?? '-'}: ${a.lastFailure?.message ?? ''}`,
  );
  return `${status.name} ${pending.join('; ')}`;
}

const CLIENTS: Client[] = [{ companyId: 1 }, { companyId: 2 }, { contactId: 1 }, { contactId: 2 }];

export async function burst(bench: BenchStack, count: number): Promise<BurstResult> {
  const { stack } = bench;
  const { requestsPerSecond, bucketSize } = { requestsPerSecond: 2, bucketSize: 50 };
  const updates = new ItemUpdates(stack);
  // One request per client first, so 1C knows them all (a new client's first requests wait for its
  // counterparty to be created once); then the portal's bucket is left to drain.
  const warmUp = await Promise.all(
    CLIENTS.map((client, i) => createRequest(stack, `Первая заявка клиента ${i + 1}`, client)),
  );
  await Promise.all(warmUp.map((id) => updates.nth(id, 1)));
  await sleep(((warmUp.length * 2) / requestsPerSecond) * 1000 + 1000);
  await portalStats(stack, true);
  const cpuBefore = (await bench.workerUsage()).cpuMs;
  const began = performance.now();
  const arrivals: Array<{ id: number; at: number }> = [];
  for (let i = 0; i < count; i++) {
    const at = performance.now();
    arrivals.push({
      id: await createRequest(stack, `Заявка из пачки ${i + 1}`, CLIENTS[i % CLIENTS.length]!),
      at,
    });
  }
  const finished = await Promise.all(
    arrivals.map(({ id }) =>
      updates.nth(id, 1).catch(async (err: unknown) => {
        throw new Error(`${String(err)}; workflow: ${await describeWorkflow(bench, id)}`);
      }),
    ),
  );
  const totalMs = Math.max(...finished) - began;
  const latencies = arrivals.map(({ at }, i) => finished[i]! - at);
  let inversions = 0;
  for (let i = 0; i < count; i++)
    for (let j = i + 1; j < count; j++) if (finished[j]! < finished[i]!) inversions++;
  const stats = await portalStats(stack);
  const acceptedAdds = stack.sandboxes.bitrix24.events.deliveries.filter(
    (d) => d.event === 'ONCRMDYNAMICITEMADD' && d.status === 'delivered',
  ).length;
  const cpuAfter = (await bench.workerUsage()).cpuMs;
  const spread = await activitySpread(
    stack.client,
    arrivals.map(({ id }) => requestWorkflowId(1038, id)),
    bitrix24TaskQueue(stack.config.temporal.taskQueue),
  );
  return {
    requests: count,
    totalMs,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    calls: stats.requests,
    callsPerRequest: stats.requests / count,
    refused: refusedCount(stats),
    boundMs: (Math.max(0, stats.requests - bucketSize) / requestsPerSecond) * 1000,
    inversions,
    addEventsPerRequest: acceptedAdds / (count + warmUp.length),
    methods: stats.methods,
    workerCpuMsPerRequest: (cpuAfter - cpuBefore) / count,
    spread,
  };
}
