/**
 * `npm test [paths…]` — provisions the Temporal CLI once (tests need it for the dev server), then runs every
 * `*.test.ts` under the given paths (default: test/) with Node's built-in test runner.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium } from './lib/chromium';
import { ensureTemporalCli } from './lib/temporal-cli';
import { ensureTimeSkippingServer } from './lib/time-skipping-server';
import { ensurePostgresBinaries } from './lib/postgres';
import { ensureTemporalServer } from './lib/temporal-server';

function testFiles(entry: string): string[] {
  if (statSync(entry).isFile()) return [entry];
  return readdirSync(entry, { withFileTypes: true })
    .flatMap((child) => {
      const full = path.join(entry, child.name);
      if (child.isDirectory()) return testFiles(full);
      return child.name.endsWith('.test.ts') ? [full] : [];
    })
    .sort();
}

const roots = process.argv.slice(2);
const files = (roots.length > 0 ? roots : ['test']).flatMap(testFiles);
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}

const cli = ensureTemporalCli();
const env = { ...process.env };
if (cli) env.TEMPORAL_CLI = cli;
else console.error('[test] no local Temporal CLI: tests that need a server will let the SDK download one');
const testServer = ensureTimeSkippingServer();
if (testServer) env.TEMPORAL_TEST_SERVER = testServer;
else console.error('[test] no Java/Maven: time-skipping tests will let the SDK download their server');

// The admin page is tested in a real browser; without one that test fails and says how to get it.
if (files.some((f) => f.endsWith('.browser.test.ts'))) {
  const chromium = ensureChromium();
  if (chromium) env.CHROMIUM_PATH = chromium;
}

// The cluster test needs the self-hosted server (built with Go on first run) and PostgreSQL: provision them
// here, visibly, rather than inside a test's timeout.
if (files.some((file) => file.split(path.sep).includes('cluster'))) {
  const server = ensureTemporalServer((line) => console.error(`[test] ${line}`));
  if (server) {
    env.TEMPORAL_SERVER = server.server;
    env.TEMPORAL_SQL_TOOL = server.sqlTool;
  } else console.error('[test] no Temporal server and no Go to build one: the cluster test will skip');
  if (!ensurePostgresBinaries((line) => console.error(`[test] ${line}`)))
    console.error('[test] no PostgreSQL and no apt-get as root: the cluster test will skip');
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env,
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
