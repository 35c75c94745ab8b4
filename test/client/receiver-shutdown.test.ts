/**
 * `npm run receiver` stops on SIGTERM within a few seconds, with exit code 0 and one log line, even while a
 * sender keeps posting over a keep-alive connection (as the Bitrix24 portal does): `server.close()` alone
 * waits for such a connection for as long as it is used, and the process would outlive its supervisor's
 * patience.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTestTemporal } from '../support/temporal-env';
import { waitFor } from '../support/wait-for';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'receiver-shutdown-'));
let env: TestWorkflowEnvironment;
before(async () => {
  env = await startTestTemporal();
});
after(async () => {
  await env?.teardown();
  rmSync(dir, { recursive: true, force: true });
});

test(
  'SIGTERM stops the receiver within seconds while a sender keeps its keep-alive connection busy',
  {
    timeout: 120_000,
  },
  async () => {
    const config = JSON.parse(readFileSync(path.join(ROOT, 'config', 'demo.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const configFile = path.join(dir, 'integration.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        ...config,
        temporal: { address: env.address, namespace: 'default', taskQueue: 'receiver-shutdown' },
        receiver: { host: '127.0.0.1', port: 0, maxBodyBytes: 65_536 },
      }),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', 'client/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, B24ONEC_CONFIG: configFile, LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await waitFor('the receiver to listen', () => /"listening":"([^"]+)"/.exec(output)?.[1], {
        timeoutMs: 60_000,
      });
      // One socket, used over and over: a request every 20 ms for as long as the receiver answers.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      let answered = 0;
      let sending = true;
      const sender = (async () => {
        while (sending) {
          const ok = await new Promise<boolean>((resolve) => {
            http
              .get(`${url}/healthz`, { agent }, (res) => {
                res.resume();
                res.on('end', () => resolve(true));
              })
              .on('error', () => resolve(false));
          });
          if (ok) answered++;
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      await waitFor('the sender to be answered', () => answered >= 5);

      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000)),
      ]);
      const took = Date.now() - signalled;
      sending = false;
      await sender;
      agent.destroy();
      assert.equal(code, 0, `exit code (or hung after SIGTERM, ${took} ms):\n${output}`);
      assert.ok(took < 10_000, `stopped after ${took} ms`);
      assert.equal(output.match(/receiver stopped/g)?.length, 1, output);
      assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
    } finally {
      child.kill('SIGKILL');
    }
  },
);
