/** A throw-away Temporal dev server for one benchmark run: free ports, a fresh state file, stopped at the end. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { devServerArgs } from '../scripts/lib/dev-server';
import { freePort } from '../scripts/lib/free-port';
import { ensureTemporalCli } from '../scripts/lib/temporal-cli';

export interface BenchTemporal {
  address: string;
  client: Client;
  stop(): Promise<void>;
}

export async function startTemporal(): Promise<BenchTemporal> {
  const cli = process.env.TEMPORAL_CLI ?? ensureTemporalCli();
  if (!cli) throw new Error('No Temporal CLI available (see README, "Temporal runtime").');
  const dir = mkdtempSync(path.join(tmpdir(), 'b24-bench-'));
  const port = await freePort();
  const settings = {
    ip: '127.0.0.1',
    port,
    uiPort: await freePort(),
    dbFile: path.join(dir, 'temporal.sqlite'),
    namespace: 'default',
  };
  // Its log is noise here (it warns about every connection closing at shutdown).
  const server: ChildProcess = spawn(cli, devServerArgs(settings), { stdio: 'ignore' });
  const address = `127.0.0.1:${port}`;
  let connection: Connection | undefined;
  for (let attempt = 0; !connection; attempt++) {
    try {
      connection = await Connection.connect({ address, connectTimeout: 1_000 });
    } catch (err) {
      if (attempt > 120 || server.exitCode !== null) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const client = new Client({ connection, namespace: settings.namespace });
  return {
    address,
    client,
    stop: async () => {
      await connection.close();
      await new Promise<void>((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once('exit', () => resolve());
        server.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
