/**
 * PostgreSQL for the Temporal cluster: either one the user already runs (a connection string), or a
 * project-local database cluster (initdb into a folder, the machine's PostgreSQL binaries, loopback only).
 * Missing binaries are installed from the Debian package when running as root.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { hasCommand, type Log } from './go-install';

export interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface PostgresHandle extends PostgresEndpoint {
  /** False for a server given by connection string: it is not ours to stop. */
  local: boolean;
  /** Clean shutdown (fast mode: open transactions are rolled back). */
  stop(): Promise<void>;
  /**
   * Stop and start again on the same data. `crash` is an immediate shutdown (SIGQUIT: every backend quits
   * at once, no checkpoint), so the next start runs crash recovery as after a power cut.
   */
  restart(options?: { crash?: boolean }): Promise<void>;
  /** Starts it again after `stop`, on the same data and port; resolves once it accepts connections. */
  start(): Promise<void>;
}

export function parsePostgresUrl(url: string): PostgresEndpoint {
  const parsed = new URL(url);
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error(`not a postgres:// URL: ${parsed.protocol}`);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username || 'temporal'),
    password: decodeURIComponent(parsed.password),
  };
}

export function externalPostgres(url: string): PostgresHandle {
  const endpoint = parsePostgresUrl(url);
  const notOurs = () => Promise.reject(new Error('PostgreSQL from --postgres-url is not managed here'));
  return { ...endpoint, local: false, stop: async () => {}, restart: notOurs, start: notOurs };
}

/** Folder of the newest installed PostgreSQL server binaries (Debian layout first, then PATH). */
function findBinDir(): string | undefined {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(path.join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(debian, versions[0], 'bin');
  }
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? path.dirname(found.stdout.trim()) : undefined;
}

const isRoot = () => process.getuid?.() === 0;

/** PostgreSQL server binaries, installing the Debian package when missing and allowed; undefined if none. */
export function ensurePostgresBinaries(log: Log): string | undefined {
  const existing = findBinDir();
  if (existing || !isRoot() || !hasCommand('apt-get')) return existing;
  log('PostgreSQL not found: installing the Debian package postgresql');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], {
      stdio: 'inherit',
      env,
      timeout: 900_000,
    }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env, timeout: 600_000 });
    install();
  }
  return findBinDir();
}

export const NO_POSTGRES_MESSAGE =
  'No PostgreSQL server binaries (initdb, postgres) found. Install PostgreSQL (Debian: apt-get install ' +
  'postgresql; run npm run cluster as root to let it do so) or pass --postgres-url postgres://user:pw@host:port.';

/** initdb refuses root: as root the database runs as the `postgres` system user the package creates. */
function databaseOwner(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!uid || !gid)
    throw new Error('running as root needs the postgres system user (Debian package postgresql)');
  return { uid, gid };
}

export interface LocalPostgresOptions {
  binDir: string;
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  log: Log;
}

export async function startLocalPostgres(opts: LocalPostgresOptions): Promise<PostgresHandle> {
  const user = opts.user ?? 'temporal';
  const password = opts.password ?? 'temporal';
  const owner = databaseOwner();
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  if (owner) chownSync(opts.dataDir, owner.uid, owner.gid);

  if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) {
    opts.log(`creating a PostgreSQL database cluster in ${opts.dataDir}`);
    const pwfile = path.join(opts.dataDir, '..', `.pwfile-${process.pid}`);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    const init = spawnSync(
      path.join(opts.binDir, 'initdb'),
      ['-D', opts.dataDir, '-U', user, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8'],
      { ...asOwner, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } },
    );
    rmSync(pwfile, { force: true });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }

  let server: ChildProcess | undefined;
  const start = async () => {
    server = spawn(
      path.join(opts.binDir, 'postgres'),
      [
        '-D',
        opts.dataDir,
        '-p',
        String(opts.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        // Four Temporal services open up to 30 connections each, plus the schema tool.
        '-c',
        'max_connections=200',
      ],
      { ...asOwner, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    server.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    await waitUntilReady(opts.binDir, opts.port, server, () => stderr);
  };
  const stop = async (signal: NodeJS.Signals = 'SIGINT') => {
    const running = server;
    server = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill(signal);
    await exited;
  };

  await start();
  return {
    host: '127.0.0.1',
    port: opts.port,
    user,
    password,
    local: true,
    stop: () => stop(),
    start,
    restart: async (options) => {
      await stop(options?.crash ? 'SIGQUIT' : 'SIGINT');
      await start();
    },
  };
}

async function waitUntilReady(
  binDir: string,
  port: number,
  server: ChildProcess,
  stderr: () => string,
): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (server.exitCode !== null) throw new Error(`PostgreSQL exited: ${stderr()}`);
    const probe = spawnSync(path.join(binDir, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]);
    if (probe.status === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`PostgreSQL did not accept connections on port ${port} within a minute: ${stderr()}`);
}
