/**
 * A self-hosted Temporal cluster on this machine, as production runs it: the real Temporal server (all four
 * services in one process) on PostgreSQL, configured by deploy/temporal/cluster.yaml — the file
 * docker-compose.yml mounts too. Used by `npm run cluster`, the cluster integration test and the
 * `--cluster` runs of bench/chaos, which need to restart the server and PostgreSQL under load.
 */
import { freePort } from './free-port';
import { stopChild } from './stop-child';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { projectRoot, type Log } from './go-install';
import {
  ensurePostgresBinaries,
  externalPostgres,
  NO_POSTGRES_MESSAGE,
  type PostgresEndpoint,
  type PostgresHandle,
  startLocalPostgres,
} from './postgres';
import { registerSearchAttributes } from './search-attributes';
import { ensureTemporalServer, NO_SERVER_MESSAGE } from './temporal-server';

/** The configuration shared with docker-compose.yml: `--root deploy --config temporal --env cluster`. */
export const SERVER_CONFIG_ROOT = path.join(projectRoot, 'deploy');
export const SERVER_CONFIG_FILE = path.join(SERVER_CONFIG_ROOT, 'temporal', 'cluster.yaml');

/** Ports of the Temporal services; `frontend` is the address workers and receivers use. */
export interface ServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** The ports of Temporal's own examples, shifted together when the frontend port moves. */
export function defaultPorts(frontend = 7233): ServerPorts {
  const shift = frontend - 7233;
  return {
    frontend,
    frontendHttp: 7243 + shift,
    frontendMembership: 6933 + shift,
    history: 7234 + shift,
    historyMembership: 6934 + shift,
    matching: 7235 + shift,
    matchingMembership: 6935 + shift,
    worker: 7239 + shift,
    workerMembership: 6939 + shift,
  };
}

/** Free ports for all services (below 32768, as the membership ports must be: free-port.ts). */
async function freePorts(): Promise<ServerPorts> {
  const ports: number[] = [];
  while (ports.length < 9) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const [frontend, frontendHttp, frontendMembership, history, historyMembership, ...rest] = ports as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [matching, matchingMembership, worker, workerMembership] = rest as [number, number, number, number];
  return {
    frontend,
    frontendHttp,
    frontendMembership,
    history,
    historyMembership,
    matching,
    matchingMembership,
    worker,
    workerMembership,
  };
}

export interface ClusterOptions {
  /** Where the local PostgreSQL keeps its data and the server its log (e.g. .data/cluster). */
  dataDir: string;
  /** Use this PostgreSQL instead of a local one (postgres://user:password@host:port). */
  postgresUrl?: string;
  /** Port of the local PostgreSQL; 0 picks a free one. */
  postgresPort?: number;
  /** Temporal ports; 'free' picks free ones (tests). */
  ports?: ServerPorts | 'free';
  namespace?: string;
  log?: Log;
}

export interface TemporalServerHandle {
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** Back on the same ports and database; `crash` kills it with SIGKILL first instead of stopping it. */
  restart(options?: { crash?: boolean }): Promise<void>;
  /** Sends the signal and waits for the exit (SIGKILL: a crash); `start` brings it back. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again after `kill`, on the same ports and database; resolves once the frontend answers. */
  start(): Promise<void>;
  logFile: string;
}

export interface Cluster {
  address: string;
  namespace: string;
  ports: ServerPorts;
  postgres: PostgresHandle;
  server: TemporalServerHandle;
  stop(): Promise<void>;
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const log = opts.log ?? ((line: string) => console.error(`[cluster] ${line}`));
  const namespace = opts.namespace ?? 'default';
  const binaries = ensureTemporalServer(log);
  if (!binaries) throw new Error(NO_SERVER_MESSAGE);
  mkdirSync(opts.dataDir, { recursive: true });

  let postgres: PostgresHandle;
  if (opts.postgresUrl) {
    postgres = externalPostgres(opts.postgresUrl);
  } else {
    const binDir = ensurePostgresBinaries(log);
    if (!binDir) throw new Error(NO_POSTGRES_MESSAGE);
    postgres = await startLocalPostgres({
      binDir,
      dataDir: path.join(opts.dataDir, 'pg'),
      port: opts.postgresPort || (await freePort()),
      log,
    });
  }

  try {
    setUpSchemas(binaries.sqlTool, postgres, log);
    const ports = opts.ports === 'free' ? await freePorts() : (opts.ports ?? defaultPorts());
    const logFile = path.join(opts.dataDir, 'temporal-server.log');
    const server = temporalServer(binaries.server, postgres, ports, logFile);
    await server.start();
    const address = `127.0.0.1:${ports.frontend}`;
    await registerNamespace(address, namespace);
    return {
      address,
      namespace,
      ports,
      postgres,
      server: { stop: server.stop, restart: server.restart, kill: server.kill, start: server.start, logFile },
      stop: async () => {
        await server.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}

function sqlToolEnv(db: PostgresEndpoint, database: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: db.host,
    SQL_PORT: String(db.port),
    SQL_USER: db.user,
    SQL_PASSWORD: db.password,
    SQL_DATABASE: database,
  };
}

/**
 * Creates both databases when missing and brings their schemas to the version this server expects — the
 * same steps as the compose file's temporal-schema service. Every step is safe to repeat.
 */
function setUpSchemas(sqlTool: string, db: PostgresEndpoint, log: Log): void {
  const run = (database: string, args: string[]) => {
    const result = spawnSync(sqlTool, ['--quiet', ...args], {
      env: sqlToolEnv(db, database),
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (result.status !== 0)
      throw new Error(
        `temporal-sql-tool ${args[0]} on ${database} failed: ${result.stderr || result.stdout}`,
      );
  };
  for (const [database, schema] of [
    ['temporal', 'postgresql/v12/temporal'],
    ['temporal_visibility', 'postgresql/v12/visibility'],
  ] as const) {
    run(database, ['create-database']); // a database that exists already is left as it is
    run(database, ['setup-schema', '-v', '0.0']);
    run(database, ['update-schema', '--schema-name', schema]);
  }
  log(`databases temporal and temporal_visibility on ${db.host}:${db.port}: schemas up to date`);
}

function serverEnv(db: PostgresEndpoint, ports: ServerPorts): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DB: 'postgres12',
    POSTGRES_SEEDS: db.host,
    DB_PORT: String(db.port),
    POSTGRES_USER: db.user,
    POSTGRES_PWD: db.password,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DYNAMIC_CONFIG_FILE_PATH: path.join(SERVER_CONFIG_ROOT, 'temporal', 'dynamicconfig.yaml'),
    FRONTEND_GRPC_PORT: String(ports.frontend),
    FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    HISTORY_GRPC_PORT: String(ports.history),
    HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    MATCHING_GRPC_PORT: String(ports.matching),
    MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    WORKER_GRPC_PORT: String(ports.worker),
    WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
  };
}

function temporalServer(binary: string, db: PostgresEndpoint, ports: ServerPorts, logFile: string) {
  const args = ['--root', SERVER_CONFIG_ROOT, '--config', 'temporal', '--env', 'cluster', '--allow-no-auth'];
  let child: ChildProcess | undefined;
  const address = `127.0.0.1:${ports.frontend}`;
  const start = async () => {
    const out = createWriteStream(logFile, { flags: 'a' });
    await once(out, 'open');
    child = spawn(binary, [...args, 'start'], { env: serverEnv(db, ports), stdio: ['ignore', out, out] });
    child.once('exit', () => out.end());
    await waitForFrontend(address, child, logFile);
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const running = child;
    child = undefined;
    await stopChild(running, signal);
  };
  return {
    start,
    stop: () => stop(),
    kill: (signal: NodeJS.Signals = 'SIGTERM') => stop(signal),
    restart: async (options?: { crash?: boolean }) => {
      await stop(options?.crash ? 'SIGKILL' : 'SIGTERM');
      await start();
    },
  };
}

async function waitForFrontend(address: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`Temporal server exited (${child.exitCode}):\n${logTail(logFile)}\n(log: ${logFile})`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`Temporal server not answering on ${address}: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The server's last log lines: why it stopped, for the error message (the log may be in a temp dir). */
function logTail(logFile: string): string {
  const lines = readFileSync(logFile, 'utf8').trimEnd().split('\n');
  return lines
    .slice(-8)
    .map((line) => line.slice(0, 600))
    .join('\n');
}

/** Creates the namespace once (30 days' retention, as compose) and waits until the frontend serves it. */
async function registerNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const service = connection.workflowService;
    try {
      await service.describeNamespace({ namespace });
    } catch (error) {
      if ((error as { code?: number }).code !== GRPC_NOT_FOUND) throw error;
      await service.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('30 days'),
      });
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await registerSearchAttributes(connection, namespace);
        await service.countWorkflowExecutions({ namespace });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  } finally {
    await connection.close();
  }
}

const GRPC_NOT_FOUND = 5;
