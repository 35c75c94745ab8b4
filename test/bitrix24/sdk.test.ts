/**
 * The official JS SDK (@bitrix24/b24jssdk 2.x, B24Hook) runs unchanged against the sandbox over HTTPS:
 * actions.v2.call, batch (array and object forms, errors), callList and fetchList cursor paging, errors as
 * AjaxError. The SDK runs in a child process that trusts the sandbox certificate via NODE_EXTRA_CA_CERTS.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';
import { type Bitrix24Sandbox, startBitrix24Sandbox } from '../../sandbox/bitrix24/server';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'sdk-client.ts');

const reportSchema = z.object({
  me: z.object({ ok: z.boolean(), id: z.string().optional(), name: z.string().optional() }),
  itemPage: z.object({ ok: z.boolean(), count: z.number().optional(), total: z.number() }),
  batchAdd: z.object({ count: z.number(), allNumbers: z.boolean() }),
  batchObject: z.object({ ok: z.boolean(), meId: z.string().optional(), firstTitle: z.string().optional() }),
  batchError: z.object({ ok: z.boolean(), messages: z.array(z.string()) }),
  batchLegacyError: z.object({ ok: z.boolean(), data: z.unknown() }),
  callList: z.object({ ok: z.boolean(), count: z.number(), sorted: z.boolean() }),
  fetchList: z.object({ chunks: z.array(z.number()) }),
  notFound: z
    .object({ thrown: z.boolean(), code: z.string().optional(), status: z.number().optional() })
    .passthrough(),
  unknownMethod: z.object({ code: z.string().optional(), status: z.number().optional() }).passthrough(),
  notify: z.object({ ok: z.boolean(), id: z.number().optional() }),
});

let sandbox: Bitrix24Sandbox;
let certDir: string;

before(async () => {
  certDir = await mkdtemp(path.join(tmpdir(), 'b24-sdk-cert-'));
  sandbox = await startBitrix24Sandbox({ port: 0, httpsPort: 0, certDir });
});
after(async () => {
  await sandbox.close();
  await rm(certDir, { recursive: true, force: true });
});

test(
  'B24Hook actions.v2 call/batch/callList/fetchList work unchanged against the HTTPS sandbox',
  { timeout: 90_000 },
  async () => {
    assert.ok(sandbox.httpsWebhookUrl && sandbox.certPath);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', script, sandbox.httpsWebhookUrl],
      {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: sandbox.certPath },
        timeout: 80_000,
      },
    );
    const report = reportSchema.parse(JSON.parse(stdout.trim().split('\n').pop() ?? '{}'));

    assert.deepEqual(report.me, { ok: true, id: '1', name: 'Администратор' });
    assert.equal(report.itemPage.ok, true);
    assert.equal(report.itemPage.count, Math.min(report.itemPage.total, 50));
    assert.deepEqual(report.batchAdd, { count: 55, allNumbers: true });
    assert.deepEqual(report.batchObject, { ok: true, meId: '1', firstTitle: 'SDK Компания 01' });
    assert.equal(report.batchError.ok, false, 'a failed command surfaces as a batch error');
    assert.ok(
      report.batchError.messages.some((m) => /not found/i.test(m)),
      report.batchError.messages.join('; '),
    );
    // SDK quirk, same against a real portal: legacy errors carry `error: ""`, which the SDK does not treat as one.
    assert.deepEqual(report.batchLegacyError, { ok: true, data: [null] });
    assert.deepEqual(report.callList, { ok: true, count: 55, sorted: true });
    assert.deepEqual(report.fetchList.chunks, [50, 5]);
    assert.deepEqual(
      [report.notFound.thrown, report.notFound.code, report.notFound.status],
      [true, 'NOT_FOUND', 400],
    );
    assert.deepEqual(
      [report.unknownMethod.code, report.unknownMethod.status],
      ['ERROR_METHOD_NOT_FOUND', 404],
    );
    assert.equal(report.notify.ok, true);
    assert.equal(typeof report.notify.id, 'number');
  },
);
