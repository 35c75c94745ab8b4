/**
 * `npm run sandbox` end to end: spawns `npx tsx sandbox/main.ts` on random ports (port 0 via env), reads the
 * real URLs from its banner, calls both APIs, then stops it with SIGTERM.
 *
 * The signal goes to the whole process group, as Ctrl+C in a terminal does: `npx` itself does not forward
 * signals to the `tsx` process it starts.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');

let child: ChildProcess;
let output = '';
let closed: Promise<void>;

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const printed = (label: RegExp): string | undefined => label.exec(output)?.[1];

before(async () => {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('B24_SANDBOX_') && !k.startsWith('ONEC_')),
  );
  Object.assign(env, {
    B24_SANDBOX_PORT: '0',
    B24_SANDBOX_HTTPS_PORT: '0',
    B24_SANDBOX_CERT_DIR: mkdtempSync(path.join(tmpdir(), 'sandbox-main-cert-')),
    B24_SANDBOX_RATE_LIMIT: 'off',
    ONEC_SANDBOX_PORT: '0',
    ONEC_NOTIFY_URL: 'http://127.0.0.1:9/onec/notify',
    ONEC_NOTIFY_SECRET: 'test-secret',
  });
  child = spawn('npx', ['tsx', 'sandbox/main.ts'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // The pipes close once every process of the group holding them (npx, tsx, the sandbox) has exited.
  closed = new Promise((resolve) => child.stdout?.once('close', () => resolve()));
  await waitFor(() => (output.includes('Sandboxes ready.') ? true : undefined), 'the ready line');
});

after(() => {
  if (child.pid !== undefined && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
});

test('the banner shows the real ports, the certificate, the token and the control endpoints', () => {
  const webhook = printed(/webhook \(HTTP\):\s+(\S+)/);
  const httpsWebhook = printed(/webhook \(HTTPS\):\s+(\S+)/);
  const odata = printed(/OData:\s+(\S+)/);
  assert.match(webhook ?? '', /^http:\/\/127\.0\.0\.1:\d+\/rest\/1\/sandbox\/$/);
  assert.match(httpsWebhook ?? '', /^https:\/\/127\.0\.0\.1:\d+\/rest\/1\/sandbox\/$/);
  assert.match(odata ?? '', /^http:\/\/127\.0\.0\.1:\d+\/zayavki\/odata\/standard\.odata\/$/);
  for (const url of [webhook, httpsWebhook, odata]) assert.doesNotMatch(url ?? '', /:0\//, 'port 0 replaced');
  assert.match(output, /NODE_EXTRA_CA_CERTS=\S+cert\.pem/);
  assert.match(output, /application token:\s+sandbox-application-token/);
  assert.match(output, /credentials:\s+odata \/ odata/);
  assert.match(output, /\/__sandbox\/outgoing-webhooks/);
  assert.equal(output.match(/GET\/PUT\/DELETE \S+\/__sandbox\/faults/g)?.length, 2);
  assert.match(output, /notification target:\s+http:\/\/127\.0\.0\.1:9\/onec\/notify/);
});

test('Bitrix24 answers crm.type.list through the webhook (HTTP and HTTPS with the printed certificate)', async () => {
  const webhook = printed(/webhook \(HTTP\):\s+(\S+)/) ?? '';
  const response = await fetch(`${webhook}crm.type.list`);
  assert.equal(response.status, 200);
  const body = (await response.json()) as { result: { types: Array<{ entityTypeId: number }> } };
  assert.ok(body.result.types.length > 0);

  const certPath = printed(/certificate:\s+(\S+)/) ?? '';
  const httpsWebhook = printed(/webhook \(HTTPS\):\s+(\S+)/) ?? '';
  const status = await new Promise<number>((resolve, reject) => {
    https
      .get(`${httpsWebhook}crm.type.list`, { ca: readFileSync(certPath, 'utf8') }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
  assert.equal(status, 200);
});

test('1C answers Catalog_СтатусыЗаявок with Basic auth', async () => {
  const odata = printed(/OData:\s+(\S+)/) ?? '';
  const url = `${odata}Catalog_СтатусыЗаявок?$format=json`;
  assert.equal((await fetch(url)).status, 401);
  const response = await fetch(url, {
    headers: { authorization: `Basic ${Buffer.from('odata:odata').toString('base64')}` },
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { value: Array<{ Description: string }> };
  assert.ok(body.value.length > 0);
});

test('SIGTERM stops both sandboxes cleanly', async () => {
  const webhook = printed(/webhook \(HTTP\):\s+(\S+)/) ?? '';
  const odata = printed(/OData:\s+(\S+)/) ?? '';
  const pid = child.pid;
  assert.ok(pid !== undefined);
  process.kill(-pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    closed,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not stopped:\n${output}`)), 20_000);
    }),
  ]).finally(() => clearTimeout(timer));
  assert.match(output, /Sandboxes stopped\./);
  await waitFor(() => (groupAlive(pid) ? undefined : true), 'the process group to exit', 10_000);
  await assert.rejects(fetch(`${webhook}crm.type.list`), TypeError);
  await assert.rejects(fetch(odata), TypeError);
});
