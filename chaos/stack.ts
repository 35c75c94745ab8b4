/**
 * The chaos stacks. Both sandboxes run in this process (so scenarios can inject faults); everything else runs
 * as separate processes started from a generated configuration, the way an administrator runs them:
 *  - single machine: a Temporal dev server with a SQLite file, one worker, one receiver
 *    (`npm run temporal` + `npm run worker` + `npm run receiver`);
 *  - cluster (`--cluster`, chaos/cluster-stack.ts): the Temporal server on PostgreSQL, two workers, two
 *    receivers both registered for the same Bitrix24 events, the cloud rate limit ON throughout.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { configFromObject } from '../config/load';
import type { IntegrationConfig, IntegrationConfigInput } from '../config/schema';
import { builtCommand } from '../scripts/lib/build';
import { devServerArgs } from '../scripts/lib/dev-server';
import { registerOutgoingWebhook, sandboxApplicationConfig } from '../scripts/lib/local-stack';
import { ensureTemporalCli } from '../scripts/lib/temporal-cli';
import { startSandboxes, type Sandboxes } from '../sandbox/start';
import { freePort } from '../scripts/lib/free-port';
import { ManagedProcess, printed, temporalAnswers } from './processes';

export type ChaosSetup = 'single machine' | 'cluster';

/** A process (or server) a scenario may take down and bring back. */
export interface Restartable {
  name: string;
  /** Sends the signal and waits for the exit; SIGKILL is a crash, nothing is drained. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again, same ports and data; resolves once it serves. */
  start(): Promise<void>;
}

export interface ChaosStack {
  setup: ChaosSetup;
  /** One line for the report: what ran. */
  description: string;
  config: IntegrationConfig;
  sandboxes: Sandboxes;
  temporal: Restartable;
  /** The Temporal server's database, when it is a server of its own (cluster). */
  postgres?: Restartable;
  workers: Restartable[];
  receivers: Restartable[];
  /** Whether the portal's cloud rate limit is on outside the scenarios that switch it on themselves. */
  rateLimited: boolean;
  /** Adds handler addresses so each receiver gets every item event `copies` times. */
  registerHandlers(copies: number): Promise<void>;
  /** A Temporal client of this stack's server (the offline scenario pauses the reconciliation schedule). */
  client?(): Promise<Client>;
  /**
   * Rewrites the configuration with `bitrix24.inbound` and restarts the worker, which starts (offline) or
   * stops (webhook) the offline-queue reader, as an administrator switching the channel would.
   */
  setInbound?(inbound: 'webhook' | 'offline'): Promise<void>;
  /** Every process stopped and started again: after a scenario failed half-way through its fault. */
  restartAll(): Promise<void>;
  /** The last lines the workers and receivers printed, for a scenario that did not converge. */
  tails(): string;
  close(): Promise<void>;
}

export interface ChaosStackOptions {
  reconcileInterval: string;
  dataDir: string;
}

export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The receiver routes by path: a query string makes a distinct handler address for the portal. */
export const handlerCopy = (receiverUrl: string, copy: number) =>
  `${receiverUrl}/webhooks/bitrix24${copy > 1 ? `?copy=${copy}` : ''}`;

/**
 * The chaos settings over config/demo.json: no 1C polling (notifications only), frequent reconciliation, item
 * events by webhook (the offline-queue scenario switches the single machine to "offline" for its duration).
 */
export function chaosConfig(raw: IntegrationConfigInput, reconcileInterval: string): void {
  raw.onec.polling = { enabled: false, intervalSeconds: 60 };
  raw.bitrix24.inbound = 'webhook';
  raw.reconciliation = { enabled: true, interval: reconcileInterval, lookback: '1d', grace: '5s' };
}

/**
 * `node dist/<entry>.js`: one process per component, compiled as `npm run worker` runs it. (Through
 * `npm run`, a SIGKILL would hit npm and orphan the real worker instead of killing it.)
 */
const node = process.execPath;

export async function startSingleMachineStack(opts: ChaosStackOptions): Promise<ChaosStack> {
  const cli = ensureTemporalCli();
  if (!cli) throw new Error('no Temporal CLI (npm run temporal:install)');
  rmSync(opts.dataDir, { recursive: true, force: true });
  mkdirSync(opts.dataDir, { recursive: true });
  const [temporalPort, uiPort, receiverPort] = [await freePort(), await freePort(), await freePort()];
  const address = `127.0.0.1:${temporalPort}`;
  const temporal = new ManagedProcess(
    'temporal',
    cli,
    devServerArgs({
      ip: '127.0.0.1',
      port: temporalPort,
      uiPort,
      dbFile: path.join(opts.dataDir, 'temporal.sqlite'),
      namespace: 'default',
    }),
    {},
    temporalAnswers(address),
  );
  await temporal.start();

  const sandboxes = await startSandboxes({
    B24_SANDBOX_PORT: '0',
    B24_SANDBOX_HTTPS_PORT: 'off',
    B24_SANDBOX_RATE_LIMIT: 'off',
    ONEC_SANDBOX_PORT: '0',
  });
  const raw = JSON.parse(
    readFileSync(path.join(projectRoot, 'config', 'demo.json'), 'utf8'),
  ) as IntegrationConfigInput;
  raw.bitrix24.webhookUrl = sandboxes.bitrix24.webhookUrl;
  raw.bitrix24.applicationToken = sandboxes.bitrix24.events.applicationToken;
  raw.onec.odataUrl = sandboxes.onec.odataUrl;
  raw.onec.user = sandboxes.onec.user;
  raw.onec.password = sandboxes.onec.password;
  chaosConfig(raw, opts.reconcileInterval);
  raw.temporal = { address, namespace: 'default', taskQueue: 'chaos' };
  raw.receiver = { host: '127.0.0.1', port: receiverPort, maxBodyBytes: 1_048_576 };
  raw.bitrix24.oauth = await sandboxApplicationConfig(sandboxes, {
    ...raw.bitrix24.oauth,
    pollInterval: '2s',
  });
  const configPath = path.join(opts.dataDir, 'integration.json');
  writeFileSync(configPath, JSON.stringify(raw, null, 2));
  const config = configFromObject(raw);
  const receiverUrl = `http://127.0.0.1:${receiverPort}`;
  const env = { B24ONEC_CONFIG: configPath };

  const worker = new ManagedProcess(
    'worker',
    node,
    await builtCommand('worker'),
    env,
    printed(/worker started/),
  );
  const receiver = new ManagedProcess(
    'receiver',
    node,
    await builtCommand('receiver'),
    env,
    printed(/receiver started/),
  );
  await worker.start();
  await receiver.start();
  sandboxes.onec.setNotifyTarget(`${receiverUrl}/webhooks/onec`, config.onec.notifySecret);

  let connection: Connection | undefined;
  const stack: ChaosStack = {
    setup: 'single machine',
    description: 'Temporal dev server (SQLite), one worker process, one receiver process',
    config,
    sandboxes,
    temporal,
    workers: [worker],
    receivers: [receiver],
    rateLimited: false,
    client: async () => {
      connection ??= await Connection.connect({ address });
      return new Client({ connection, namespace: 'default' });
    },
    setInbound: async (inbound) => {
      raw.bitrix24.inbound = inbound;
      writeFileSync(configPath, JSON.stringify(raw, null, 2));
      await worker.kill('SIGTERM');
      await worker.start();
    },
    registerHandlers: async (copies) => {
      for (let copy = 1; copy <= copies; copy++)
        await registerOutgoingWebhook(sandboxes, handlerCopy(receiverUrl, copy));
    },
    restartAll: async () => {
      for (const p of [temporal, worker, receiver]) await p.kill('SIGTERM');
      await temporal.start();
      await worker.start();
      await receiver.start();
    },
    tails: () =>
      `worker output (tail):\n${worker.lastOutput().slice(-3000)}\n` +
      `receiver output (tail):\n${receiver.lastOutput().slice(-1500)}`,
    close: async () => {
      await connection?.close();
      await receiver.kill('SIGTERM');
      await worker.kill('SIGTERM');
      await temporal.kill('SIGTERM');
      await sandboxes.close();
    },
  };
  await stack.registerHandlers(1);
  return stack;
}
