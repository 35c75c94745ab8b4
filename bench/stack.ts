/**
 * Everything the benchmark needs, started the way a user runs it: a Temporal dev server, both sandboxes with
 * the Bitrix24 cloud rate limit ON (2 requests/s, bucket 50), the receiver, and the worker in a child process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '../workers/request-worker';
import { startLocalStack, type LocalStack } from '../scripts/lib/local-stack';
import { startTemporal, type BenchTemporal } from './temporal';

export interface WorkerUsage {
  /** Resident set size, bytes (after a garbage collection). */
  rss: number;
  /** CPU time used so far (user + system), ms. */
  cpuMs: number;
}

export interface BenchStack {
  temporal: BenchTemporal;
  stack: LocalStack;
  workerUsage(): Promise<WorkerUsage>;
  close(): Promise<void>;
}

const ignore = (): void => undefined;
const quiet = { trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore, log: ignore };

const workerEntry = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

function startWorkerProcess(config: unknown, bundlePath: string): Promise<ChildProcess> {
  const child = fork(workerEntry, [], {
    execArgv: [
      '--expose-gc',
      // As `npm run worker` and the Docker image run it: a small young generation (about 50 MB less).
      '--max-semi-space-size=1',
      '--import',
      'tsx',
      // BENCH_CPU_PROFILE=<dir>: V8 CPU profiles of the worker (one file per thread) for where its time goes.
      ...(process.env.BENCH_CPU_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
        : []),
    ],
    env: { ...process.env, BENCH_CONFIG: JSON.stringify(config), BENCH_BUNDLE: bundlePath },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
  });
}

export async function startBenchStack(): Promise<BenchStack> {
  const temporal = await startTemporal();
  const stack = await startLocalStack({
    client: temporal.client,
    worker: false,
    taskQueue: 'bench',
    sandboxEnv: {
      B24_SANDBOX_PORT: '0',
      B24_SANDBOX_HTTPS_PORT: 'off',
      B24_SANDBOX_RATE_LIMIT: 'on',
      ONEC_SANDBOX_PORT: '0',
    },
    tweak: (config) => {
      config.temporal = { ...config.temporal, address: temporal.address };
      // Status changes arrive as 1C notifications; polling would only add load to the 1 000 open workflows.
      if (config.onec) config.onec.polling = { enabled: false, intervalSeconds: 60 };
    },
  });
  // Built here, as a deployment builds it once, so the worker process runs no webpack.
  const dir = mkdtempSync(path.join(tmpdir(), 'b24-bench-bundle-'));
  const bundlePath = path.join(dir, 'workflows.js');
  writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath, logger: quiet })).code);
  const worker = await startWorkerProcess(stack.rawConfig, bundlePath);
  return {
    temporal,
    stack,
    workerUsage: () =>
      new Promise((resolve) => {
        worker.once('message', (m: WorkerUsage) => resolve(m));
        worker.send('usage');
      }),
    close: async () => {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.send('stop');
      await exited;
      await stack.close();
      await temporal.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
