/**
 * The chaos stack: a Temporal dev server with a SQLite file, both sandboxes (in this process, so scenarios
 * can inject faults), and the worker and receiver as separate processes started from a generated config —
 * the way `npm run temporal` + `npm run sandbox` + `npm start` run on an administrator's machine.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { configFromObject } from '../config/load';
import type { IntegrationConfig, IntegrationConfigInput } from '../config/schema';
import { ITEM_EVENTS } from '../domain/bitrix-event';
import { devServerArgs } from '../scripts/lib/dev-server';
import { ensureTemporalCli } from '../scripts/lib/temporal-cli';
import { startSandboxes, type Sandboxes } from '../sandbox/start';
import { sandboxApplicationConfig } from '../scripts/lib/local-stack';
import { freePort, ManagedProcess, printed, temporalAnswers } from './processes';

export interface ChaosStack {
  config: IntegrationConfig;
  sandboxes: Sandboxes;
  temporal: ManagedProcess;
  worker: ManagedProcess;
  receiver: ManagedProcess;
  client(): Promise<Client>;
  receiverUrl: string;
  /** Points Bitrix24's outgoing webhook at the receiver under `copies` handler addresses. */
  registerHandlers(copies: number): Promise<void>;
  /**
   * Rewrites the configuration with `bitrix24.inbound` and restarts the worker, which starts (offline) or
   * stops (webhook) the offline-queue reader, as an administrator switching the channel would.
   */
  setInbound(inbound: 'webhook' | 'offline'): Promise<void>;
  close(): Promise<void>;
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
/**
 * `node --import tsx <file>`: one process per component. (The `tsx` command runs the program in a child
 * process, so a SIGKILL to it would orphan the real worker instead of killing it.)
 */
const node = process.execPath;
const withTsx = (file: string) => ['--import', 'tsx', path.join(root, file)];

export async function startChaosStack(opts: {
  reconcileInterval: string;
  dataDir: string;
}): Promise<ChaosStack> {
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
    readFileSync(path.join(root, 'config', 'demo.json'), 'utf8'),
  ) as IntegrationConfigInput;
  raw.bitrix24.webhookUrl = sandboxes.bitrix24.webhookUrl;
  raw.bitrix24.applicationToken = sandboxes.bitrix24.events.applicationToken;
  raw.onec.odataUrl = sandboxes.onec.odataUrl;
  raw.onec.user = sandboxes.onec.user;
  raw.onec.password = sandboxes.onec.password;
  raw.onec.polling = { enabled: false, intervalSeconds: 60 };
  raw.reconciliation = { enabled: true, interval: opts.reconcileInterval, lookback: '1d', grace: '5s' };
  raw.temporal = { address, namespace: 'default', taskQueue: 'chaos' };
  raw.receiver = { host: '127.0.0.1', port: receiverPort, maxBodyBytes: 1_048_576 };
  // Events come by webhook; the offline-queue scenario switches to inbound "offline" for its duration.
  raw.bitrix24.inbound = 'webhook';
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
    withTsx('workers/main.ts'),
    env,
    printed(/worker started/),
  );
  const receiver = new ManagedProcess(
    'receiver',
    node,
    withTsx('client/main.ts'),
    env,
    printed(/receiver started/),
  );
  await worker.start();
  await receiver.start();
  sandboxes.onec.setNotifyTarget(`${receiverUrl}/webhooks/onec`, config.onec.notifySecret);

  let connection: Connection | undefined;
  const stack: ChaosStack = {
    config,
    sandboxes,
    temporal,
    worker,
    receiver,
    receiverUrl,
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
      for (let copy = 1; copy <= copies; copy++) {
        // The receiver routes by path: a query string makes a distinct handler address for the portal.
        const handler = `${receiverUrl}/webhooks/bitrix24${copy > 1 ? `?copy=${copy}` : ''}`;
        const response = await fetch(`${sandboxes.bitrix24.httpUrl}/__sandbox/outgoing-webhooks`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ handler, events: ITEM_EVENTS }),
        });
        if (!response.ok) throw new Error(`outgoing webhook: ${await response.text()}`);
      }
    },
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
