/**
 * Everything the benchmark needs, started the way a user runs it, with both sandboxes and the Bitrix24 cloud
 * rate limit ON (2 requests/s, bucket 50):
 *  - single machine: a Temporal dev server (SQLite), the receiver, one worker in a child process;
 *  - cluster (`--cluster`): the Temporal server on PostgreSQL (scripts/lib/cluster), two receiver processes
 *    both registered for the same Bitrix24 events (every event arrives twice) and two worker processes
 *    sharing the portal's budget (`bitrix24.limits.workers: 2`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection, type Client } from '@temporalio/client';
import { temporalClient } from '../client/temporal-client';
import type { IntegrationConfig, IntegrationConfigInput } from '../config/schema';
import type { Sandboxes } from '../sandbox/start';
import { startCluster } from '../scripts/lib/cluster';
import { startClusterApp } from '../scripts/lib/cluster-app';
import { startLocalStack } from '../scripts/lib/local-stack';
import { buildApp, distDir } from '../scripts/lib/build';
import { startTemporal } from './temporal';

export interface WorkerUsage {
  /** Resident set size, bytes (after a garbage collection); with several workers, the largest. */
  rss: number;
  /** CPU time used so far (user + system), ms; with several workers, their sum. */
  cpuMs: number;
}

/** What the scenarios drive and observe: the sandboxes and a client that encodes like the workers. */
export interface BenchSystems {
  config: IntegrationConfig;
  sandboxes: Sandboxes;
  client: Client;
}

export type BenchSetup = 'single machine' | 'cluster';

export interface BenchStack {
  setup: BenchSetup;
  /** One line for the report: what ran. */
  description: string;
  stack: BenchSystems;
  workerUsage(): Promise<WorkerUsage>;
  close(): Promise<void>;
}

/** Several workers as one: memory is per process (the largest counts), CPU is spent by all of them. */
export function combineUsage(usages: WorkerUsage[]): WorkerUsage {
  return {
    rss: Math.max(0, ...usages.map((u) => u.rss)),
    cpuMs: usages.reduce((sum, u) => sum + u.cpuMs, 0),
  };
}

const RATE_LIMITED_SANDBOXES = {
  B24_SANDBOX_PORT: '0',
  B24_SANDBOX_HTTPS_PORT: 'off',
  B24_SANDBOX_RATE_LIMIT: 'on',
  ONEC_SANDBOX_PORT: '0',
};

/**
 * Status changes arrive as 1C notifications and item events by webhook: no polling, no offline reader adding
 * calls. Reconciliation keeps the production example's 5-minute interval, not the demo's minute, so its
 * sweeps do not land inside the measured requests more often than they would on a real installation.
 */
const benchConfig = (config: IntegrationConfigInput): void => {
  if (config.onec) config.onec.polling = { enabled: false, intervalSeconds: 60 };
  if (config.reconciliation) config.reconciliation = { ...config.reconciliation, interval: '5m' };
  config.bitrix24 = { ...config.bitrix24, inbound: 'webhook', oauth: undefined };
};

interface WorkerProcess {
  usage(): Promise<WorkerUsage>;
  stop(): Promise<void>;
}

function startWorkerProcess(config: unknown, entry: string): Promise<WorkerProcess> {
  const child: ChildProcess = fork(entry, [], {
    execArgv: [
      '--expose-gc',
      // As `npm run worker` and the Docker image run it: compiled JavaScript with a small young generation.
      '--max-semi-space-size=1',
      // BENCH_CPU_PROFILE=<dir>: V8 CPU profiles of the worker (one file per thread) for where its time goes.
      ...(process.env.BENCH_CPU_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
        : []),
    ],
    env: { ...process.env, BENCH_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const handle: WorkerProcess = {
    usage: () =>
      new Promise((resolve) => {
        child.once('message', (m: WorkerUsage) => resolve(m));
        child.send('usage');
      }),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(handle));
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
  });
}

/**
 * The worker process compiled exactly as `npm run build` compiles `npm run worker` (scripts/lib/build.ts),
 * with the workflow bundle beside it, so the worker runs no tsx and no webpack. Inside the project (in
 * `dist/bench/`), where its npm packages resolve.
 */
async function compiledWorker(): Promise<string> {
  const dir = path.join(distDir, 'bench');
  await buildApp(dir, { 'worker-process': 'bench/worker-process.ts' });
  return path.join(dir, 'worker-process.js');
}

async function startSingleMachine(): Promise<BenchStack> {
  const temporal = await startTemporal();
  const stack = await startLocalStack({
    client: temporal.client,
    worker: false,
    taskQueue: 'bench',
    sandboxEnv: RATE_LIMITED_SANDBOXES,
    tweak: (config) => {
      config.temporal = { ...config.temporal, address: temporal.address };
      benchConfig(config);
    },
  });
  const worker = await startWorkerProcess(stack.rawConfig, await compiledWorker());
  return {
    setup: 'single machine',
    description:
      'Temporal dev server (SQLite), one receiver, one worker process; Bitrix24 cloud rate limit ON (2/s, bucket 50)',
    stack,
    workerUsage: () => worker.usage(),
    close: async () => {
      await worker.stop();
      await stack.close();
      await temporal.stop();
    },
  };
}

const CLUSTER_WORKERS = 2;
const CLUSTER_RECEIVERS = 2;

async function startClusterSetup(): Promise<BenchStack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'b24-bench-cluster-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as its own user when the benchmark runs as root
  const cluster = await startCluster({
    dataDir: dir,
    ports: 'free',
    postgresPort: 0,
    log: (line) => console.error(`[cluster] ${line}`),
  });
  const stopAll: Array<() => Promise<void>> = [() => cluster.stop()];
  const close = async () => {
    for (const stop of stopAll.reverse()) await stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Workers are forked here (not by startClusterApp) so their memory and CPU can be asked for.
    const app = await startClusterApp({
      address: cluster.address,
      namespace: cluster.namespace,
      workers: 0,
      receivers: CLUSTER_RECEIVERS,
      dataDir: path.join(dir, 'app'),
      sandboxEnv: RATE_LIMITED_SANDBOXES,
      tweak: (config) => {
        benchConfig(config);
        config.temporal = { ...config.temporal, taskQueue: 'bench' };
        // Two workers: they lease their calls' slots from one budget for the portal (workers/portal-budget.ts).
        config.bitrix24.limits = { ...config.bitrix24.limits, workers: CLUSTER_WORKERS };
      },
    });
    stopAll.push(() => app.close());
    const connection = await Connection.connect({ address: cluster.address });
    stopAll.push(() => connection.close());
    const raw = JSON.parse(readFileSync(app.configFile, 'utf8')) as IntegrationConfigInput;
    const entry = await compiledWorker();
    const workers = await Promise.all(
      Array.from({ length: CLUSTER_WORKERS }, () => startWorkerProcess(raw, entry)),
    );
    stopAll.push(async () => {
      await Promise.all(workers.map((w) => w.stop()));
    });
    return {
      setup: 'cluster',
      description:
        `Temporal server on PostgreSQL, ${CLUSTER_RECEIVERS} receiver processes (every Bitrix24 event delivered to each), ` +
        `${CLUSTER_WORKERS} worker processes sharing the portal's budget; Bitrix24 cloud rate limit ON (2/s, bucket 50)`,
      stack: { config: app.config, sandboxes: app.sandboxes, client: temporalClient(connection, app.config) },
      workerUsage: async () => combineUsage(await Promise.all(workers.map((w) => w.usage()))),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export function startBenchStack(setup: BenchSetup): Promise<BenchStack> {
  return setup === 'cluster' ? startClusterSetup() : startSingleMachine();
}
