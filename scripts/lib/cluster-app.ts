/**
 * The module scaled out against a cluster: both sandboxes, several worker processes and several receiver
 * processes (each on its own port), every receiver registered in the Bitrix24 sandbox as a handler of the
 * same events — so each event arrives once per receiver, as with two registrations in a real portal. The 1C
 * sandbox notifies the first receiver (in production: the load balancer in front of all of them).
 * Processes are real OS processes (`npm run worker` / `npm run receiver`), so they can be SIGKILLed.
 */
import { stopChild } from './stop-child';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configFromObject } from '../../config/load';
import type { IntegrationConfig, IntegrationConfigInput } from '../../config/schema';
import { startSandboxes, type Sandboxes } from '../../sandbox/start';
import { builtCommand, type EntryName } from './build';
import { freePort } from './free-port';
import { projectRoot } from './go-install';
import { registerOutgoingWebhook, sandboxApplicationConfig, sandboxConfigInput } from './local-stack';

export interface ClusterAppOptions {
  /** Temporal frontend host:port and namespace (from startCluster). */
  address: string;
  namespace: string;
  workers: number;
  receivers: number;
  /** Receiver ports; missing ones are picked free. */
  receiverPorts?: number[];
  /** The generated configuration and the processes' logs go here. */
  dataDir: string;
  sandboxEnv?: NodeJS.ProcessEnv;
  /** Changes applied to config/demo.json after the sandbox URLs are filled in. */
  tweak?: (config: IntegrationConfigInput) => void;
}

export interface AppProcess {
  name: string;
  /** Sends the signal and waits for the exit (SIGKILL: a crash, nothing is drained). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again after a kill, with the same port and configuration. */
  start(): Promise<void>;
  logFile: string;
}

export interface ReceiverProcess extends AppProcess {
  url: string;
}

export interface ClusterApp {
  config: IntegrationConfig;
  configFile: string;
  sandboxes: Sandboxes;
  workers: AppProcess[];
  receivers: ReceiverProcess[];
  close(): Promise<void>;
}

export async function startClusterApp(opts: ClusterAppOptions): Promise<ClusterApp> {
  mkdirSync(opts.dataDir, { recursive: true });
  const sandboxes = await startSandboxes(opts.sandboxEnv ?? process.env);
  const processes: AppProcess[] = [];
  try {
    const raw = sandboxConfigInput(sandboxes);
    raw.temporal = { ...raw.temporal, address: opts.address, namespace: opts.namespace };
    opts.tweak?.(raw);
    if (raw.bitrix24.oauth)
      raw.bitrix24.oauth = await sandboxApplicationConfig(sandboxes, raw.bitrix24.oauth);
    const config = configFromObject(raw);
    const configFile = path.join(opts.dataDir, 'integration.json');
    writeFileSync(configFile, `${JSON.stringify(raw, null, 2)}\n`);

    const receivers: ReceiverProcess[] = [];
    for (let i = 0; i < opts.receivers; i++) {
      const port = opts.receiverPorts?.[i] ?? (await freePort());
      const receiver = appProcess(
        `receiver-${i + 1}`,
        'receiver',
        'receiver started',
        {
          B24ONEC_CONFIG: configFile,
          RECEIVER_PORT: String(port),
        },
        opts.dataDir,
      );
      processes.push(receiver);
      await receiver.start();
      receivers.push({ ...receiver, url: `http://${config.receiver.host}:${port}` });
    }
    for (const receiver of receivers)
      await registerOutgoingWebhook(sandboxes, `${receiver.url}/webhooks/bitrix24`);
    if (receivers[0]) {
      sandboxes.notifyUrl = `${receivers[0].url}/webhooks/onec`;
      sandboxes.onec.setNotifyTarget(sandboxes.notifyUrl, config.onec.notifySecret);
    }

    const workers: AppProcess[] = [];
    for (let i = 0; i < opts.workers; i++) {
      const worker = appProcess(
        `worker-${i + 1}`,
        'worker',
        'worker started',
        {
          B24ONEC_CONFIG: configFile,
        },
        opts.dataDir,
      );
      processes.push(worker);
      workers.push(worker);
    }
    await Promise.all(workers.map((w) => w.start()));

    return {
      config,
      configFile,
      sandboxes,
      workers,
      receivers,
      close: async () => {
        await Promise.all(processes.map((p) => p.kill('SIGTERM')));
        await sandboxes.close();
      },
    };
  } catch (error) {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await sandboxes.close();
    throw error;
  }
}

/**
 * A worker can take over a minute to poll on a 2-core machine shared with other jobs, as the chaos runs
 * showed (it used to bundle its workflow code then; the build now runs before this clock starts).
 */
const READY_TIMEOUT_MS = 180_000;

function appProcess(
  name: string,
  entry: EntryName,
  readyLine: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
): AppProcess {
  const logFile = path.join(logDir, `${name}.log`);
  let child: ChildProcess | undefined;
  return {
    name,
    logFile,
    start: async () => {
      const out = createWriteStream(logFile, { flags: 'a' });
      await once(out, 'open');
      // Compiled, as `npm run worker` / `npm run receiver` run (built first when the sources changed).
      const started = spawn(process.execPath, await builtCommand(entry), {
        cwd: projectRoot,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      started.stderr?.pipe(out);
      let seen = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name} not ready in ${READY_TIMEOUT_MS / 1000} s; see ${logFile}`)),
          READY_TIMEOUT_MS,
        );
        started.stdout?.on('data', (chunk: Buffer) => {
          out.write(chunk);
          if (seen.length < 10_000) seen += chunk.toString();
          if (seen.includes(readyLine)) {
            clearTimeout(timer);
            resolve();
          }
        });
        started.once('exit', (code) => {
          clearTimeout(timer);
          out.end();
          reject(new Error(`${name} exited (${code}) before it was ready; see ${logFile}`));
        });
      });
    },
    kill: async (signal = 'SIGTERM') => {
      const running = child;
      child = undefined;
      await stopChild(running, signal);
    },
  };
}
