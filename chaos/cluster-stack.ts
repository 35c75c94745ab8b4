/**
 * The chaos stack scaled out (`npm run chaos -- --cluster`): the Temporal server on PostgreSQL
 * (scripts/lib/cluster), two worker processes sharing the portal's budget (`bitrix24.limits.workers: 2`) and
 * two receiver processes, both registered as handlers of the same Bitrix24 events, so every event arrives
 * twice. The portal's cloud rate limit is ON throughout: the governors of both workers together must keep
 * every call within it. PostgreSQL and the Temporal server can be stopped and started like the workers.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startCluster } from '../scripts/lib/cluster';
import { type AppProcess, startClusterApp } from '../scripts/lib/cluster-app';
import { registerOutgoingWebhook } from '../scripts/lib/local-stack';
import { chaosConfig, type ChaosStack, type ChaosStackOptions, handlerCopy } from './stack';

const WORKERS = 2;
const RECEIVERS = 2;

function logTail(file: string, chars: number): string {
  try {
    return readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '(no log)';
  }
}

export async function startClusterStack(opts: ChaosStackOptions): Promise<ChaosStack> {
  rmSync(opts.dataDir, { recursive: true, force: true });
  mkdirSync(opts.dataDir, { recursive: true });
  chmodSync(opts.dataDir, 0o755); // PostgreSQL runs as its own user when this runs as root
  const cluster = await startCluster({
    dataDir: opts.dataDir,
    ports: 'free',
    postgresPort: 0,
    log: (line) => console.error(`[cluster] ${line}`),
  });
  const app = await startClusterApp({
    address: cluster.address,
    namespace: cluster.namespace,
    workers: WORKERS,
    receivers: RECEIVERS,
    dataDir: path.join(opts.dataDir, 'app'),
    sandboxEnv: {
      B24_SANDBOX_PORT: '0',
      B24_SANDBOX_HTTPS_PORT: 'off',
      B24_SANDBOX_RATE_LIMIT: 'on',
      ONEC_SANDBOX_PORT: '0',
    },
    tweak: (raw) => {
      chaosConfig(raw, opts.reconcileInterval);
      raw.temporal = { ...raw.temporal, taskQueue: 'chaos' };
      raw.bitrix24.limits = { ...raw.bitrix24.limits, workers: WORKERS };
    },
  }).catch(async (error: unknown) => {
    await cluster.stop();
    throw error;
  });
  const { sandboxes, workers, receivers } = app;
  const postgres = {
    name: 'postgresql',
    // A fast shutdown, as `pg_ctl stop` does by default: open transactions are rolled back.
    kill: () => cluster.postgres.stop(),
    start: () => cluster.postgres.start(),
  };
  const temporal = {
    name: 'temporal server',
    kill: (signal?: NodeJS.Signals) => cluster.server.kill(signal),
    start: () => cluster.server.start(),
  };
  const processes: AppProcess[] = [...receivers, ...workers];
  return {
    setup: 'cluster',
    description:
      `Temporal server on PostgreSQL, ${WORKERS} worker processes, ${RECEIVERS} receiver processes ` +
      '(every Bitrix24 event delivered to each), Bitrix24 cloud rate limit ON',
    config: app.config,
    sandboxes,
    temporal,
    postgres,
    workers,
    receivers,
    rateLimited: true,
    registerHandlers: async (copies) => {
      for (const receiver of receivers)
        for (let copy = 2; copy <= copies; copy++)
          await registerOutgoingWebhook(sandboxes, handlerCopy(receiver.url, copy));
    },
    restartAll: async () => {
      await Promise.all(processes.map((p) => p.kill('SIGTERM')));
      await temporal.kill('SIGTERM');
      await postgres.kill();
      await postgres.start();
      await temporal.start();
      for (const p of processes) await p.start();
    },
    tails: () =>
      processes.map((p) => `${p.name} log (tail, ${p.logFile}):\n${logTail(p.logFile, 1500)}`).join('\n'),
    close: async () => {
      await app.close();
      await cluster.stop();
    },
  };
}
