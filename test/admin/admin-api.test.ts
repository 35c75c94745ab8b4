/**
 * The admin surface on the receiver, end to end: token required for everything, the report over HTTP in
 * four formats from the demo's data, and "retry" of a failed run doing what the Temporal UI's reset does.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startReceiver } from '../../client/receiver';
import { createLogger } from '../../observability/logger';
import { reportWhen, startDemoStack, type DemoStack } from './demo-stack';
import { waitFor } from '../support/wait-for';

let demo: DemoStack;
before(async () => {
  demo = await startDemoStack('admin-api-test');
});
after(async () => demo?.close());

const bearer = () => ({ Authorization: `Bearer ${demo.token}` });

describe('admin API', { timeout: 120_000 }, () => {
  test('nothing is readable without the token; the page offers only a login form', async () => {
    for (const path of ['/report', '/report?format=csv', '/assets/chart.umd.min.js', '/nope']) {
      const anonymous = await fetch(`${demo.adminUrl}${path}`);
      assert.equal(anonymous.status, 401, path);
      const wrong = await fetch(`${demo.adminUrl}${path}`, {
        headers: { Authorization: 'Bearer wrong-token-of-some-length' },
      });
      assert.equal(wrong.status, 401, path);
    }
    const page = await fetch(demo.adminUrl);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /name="token"/);
    assert.doesNotMatch(html, /Ромашка|000000001|canvas/);
    const retry = await fetch(`${demo.adminUrl}/retry`, { method: 'POST', body: 'workflowId=x&runId=y' });
    assert.equal(retry.status, 401);
  });

  test('without a configured token /admin does not exist', async () => {
    const bare = await startReceiver({
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 1024,
      applicationToken: 'x'.repeat(16),
      onecSecret: 'y'.repeat(16),
      entityTypeId: 1038,
      dispatcher: {
        bitrixItemChanged: async () => '',
        onecStatusChanged: async () => '',
        onecDocumentPosted: async () => '',
      },
      logger: createLogger({ level: 'silent', format: 'json' }),
    });
    try {
      assert.equal((await fetch(`${bare.url}/admin`)).status, 404);
      assert.equal((await fetch(`${bare.url}/admin/report`, { headers: bearer() })).status, 404);
    } finally {
      await bare.close();
    }
  });

  test('the JSON report shows the demo: counts, durations, the request waiting for a fix, the failed run', async () => {
    const report = await reportWhen(demo, (r) => r.failed.length === 1 && r.awaitingFix.length === 1);
    assert.equal(report.totals.requests, 2, 'two documents in 1C (the failed run made none)');
    assert.deepEqual(report.totals, {
      requests: 2,
      open: 1,
      completed: 1,
      stuck: 0,
      awaitingFix: 1,
      failed: 1,
    });
    assert.deepEqual(report.byStatus, [
      { key: 'Завершена', count: 1 },
      { key: 'Новая', count: 1 },
    ]);
    assert.deepEqual(report.byCounterparty, [{ key: 'ООО "Ромашка"', count: 2 }]);
    assert.deepEqual(report.byType.map((c) => c.key).sort(), ['Консультация', 'Ремонт']);
    assert.equal(report.byManager.length, 1);
    assert.equal(report.byManager[0]?.count, 2);
    assert.deepEqual(
      report.durationByType.map((d) => [d.type, d.completed]),
      [['Ремонт', 1]],
    );
    assert.equal(report.awaitingFix[0]?.workflowId, demo.workflowId(demo.items.invalid));
    assert.equal(report.awaitingFix[0]?.summary, '«Не печатает принтер»');
    const failed = report.failed[0];
    assert.equal(failed?.workflowId, demo.workflowId(demo.items.failed));
    assert.match(failed?.error ?? '', /lacks rights/);

    const stuck = await fetch(`${demo.adminUrl}/report?from=2000-01-01&to=2000-01-02`, { headers: bearer() });
    assert.equal(((await stuck.json()) as { totals: { requests: number } }).totals.requests, 0);
    const bad = await fetch(`${demo.adminUrl}/report?from=yesterday`, { headers: bearer() });
    assert.equal(bad.status, 400);
  });

  test('csv, table and html formats carry the same numbers', async () => {
    const get = async (format: string) => {
      const response = await fetch(`${demo.adminUrl}/report?format=${format}`, { headers: bearer() });
      assert.equal(response.status, 200, format);
      return { type: response.headers.get('content-type') ?? '', text: await response.text() };
    };
    const csv = await get('csv');
    assert.match(csv.type, /text\/csv/);
    assert.ok(csv.text.includes('\r\nby-counterparty,"ООО ""Ромашка""",2\r\n'));
    const table = await get('table');
    assert.match(table.text, /Заявок за период +2\n/);
    const html = await get('html');
    assert.match(html.text, /<canvas id="chart-by-status"/);
    assert.ok(
      html.text.includes('Chart.js'),
      'the chart library is inlined, the file opens without a server',
    );
  });

  test('npm run report gives the report from a shell (json on stdout, html to a file)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'report-cli-'));
    const configFile = path.join(dir, 'integration.json');
    const { config } = demo.stack;
    writeFileSync(
      configFile,
      JSON.stringify({
        bitrix24: {
          webhookUrl: config.bitrix24.webhookUrl,
          applicationToken: config.bitrix24.applicationToken,
        },
        onec: {
          odataUrl: config.onec.odataUrl,
          user: config.onec.user,
          password: config.onec.password,
          notifySecret: config.onec.notifySecret,
        },
        mapping: { stages: config.mapping.stages },
        temporal: { address: demo.env.address },
        // The runs are encrypted as in the demo: the report decodes them with the same keys.
        codec: { keys: config.codec.keys, currentKeyId: config.codec.currentKeyId },
      }),
    );
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/report.ts', ...args], {
        env: { ...process.env, B24ONEC_CONFIG: configFile },
      });
    const json = JSON.parse((await run('--format', 'json')).stdout) as { totals: { requests: number } };
    assert.ok(json.totals.requests >= 2);
    const file = path.join(dir, 'report.html');
    await run('--format', 'html', '--out', file, '--from', '2026-01-01', '--to', '2026-12-31');
    assert.match(readFileSync(file, 'utf8'), /<canvas id="chart-by-status"/);
  });

  test('a browser logs in with the token and gets an HttpOnly, SameSite=Strict cookie', async () => {
    const wrong = await fetch(`${demo.adminUrl}/login`, {
      method: 'POST',
      body: 'token=nope',
      redirect: 'manual',
    });
    assert.equal(wrong.status, 401);
    const login = await fetch(`${demo.adminUrl}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: demo.token }).toString(),
      redirect: 'manual',
    });
    assert.equal(login.status, 303);
    const cookie = login.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.ok(!cookie.includes(demo.token), 'the cookie is not the token');
    const page = await fetch(demo.adminUrl, { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const html = await page.text();
    assert.match(html, /<canvas id="chart-by-type"/);
    assert.match(html, /<script src="\/admin\/assets\/chart.umd.min.js"><\/script>/);
    const crossSite = await fetch(`${demo.adminUrl}/retry`, {
      method: 'POST',
      headers: { Cookie: cookie.split(';')[0] ?? '', Origin: 'https://evil.example' },
      body: 'workflowId=x&runId=y',
    });
    assert.equal(crossSite.status, 403);
  });

  test('retry resets the failed run to the failed step: the document is created, the run proceeds', async () => {
    const report = await reportWhen(demo, (r) => r.failed.length === 1);
    const failed = report.failed[0]!;
    const notFailed = await fetch(`${demo.adminUrl}/retry`, {
      method: 'POST',
      headers: { ...bearer(), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        workflowId: demo.workflowId(demo.items.open),
        runId: (await demo.stack.client.workflow.getHandle(demo.workflowId(demo.items.open)).describe())
          .runId,
      }),
    });
    assert.equal(notFailed.status, 409);

    const retry = await fetch(`${demo.adminUrl}/retry`, {
      method: 'POST',
      headers: { ...bearer(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ workflowId: failed.workflowId, runId: failed.runId }),
    });
    assert.equal(retry.status, 200);
    const { runId } = (await retry.json()) as { runId: string };
    assert.notEqual(runId, failed.runId);
    const handle = demo.stack.client.workflow.getHandle(failed.workflowId);
    await waitFor('reset run syncing', async () => {
      const d = await handle.describe();
      return d.runId === runId && d.searchAttributes['RequestPhase']?.[0] === 'syncing-status';
    });
    const history = await handle.fetchHistory();
    const reset = history.events?.find(
      (e) => e.workflowTaskFailedEventAttributes?.baseRunId === failed.runId,
    );
    assert.ok(reset, 'the new run starts with the reset marker, as a UI reset does');
    const after = await reportWhen(demo, (r) => r.failed.length === 0);
    assert.equal(after.totals.requests, 3);

    const again = await fetch(`${demo.adminUrl}/retry`, {
      method: 'POST',
      headers: { ...bearer(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ workflowId: failed.workflowId, runId: failed.runId }),
    });
    assert.equal(again.status, 409, 'an old run is not reset twice');
  });
});
