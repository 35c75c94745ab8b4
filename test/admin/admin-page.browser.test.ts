/**
 * The administrator's page in a real headless Chromium against the local stack with the demo's data:
 * login, the four charts drawn by the locally served library (checked on a screenshot), nothing fetched
 * from outside, and the "retry" button resetting the failed run.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { CHARTS } from '../../domain/report/render-html';
import { launchChromium } from '../support/chromium';
import { waitFor } from '../support/wait-for';
import { reportWhen, startDemoStack, type DemoStack } from './demo-stack';

let demo: DemoStack;
let browser: Browser;
let page: Page;
const requested: string[] = [];
const shots = mkdtempSync(path.join(tmpdir(), 'admin-page-'));

before(async () => {
  browser = await launchChromium();
  demo = await startDemoStack('admin-page-test');
  await reportWhen(demo, (r) => r.failed.length === 1 && r.awaitingFix.length === 1);
  page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  page.on('request', (request) => requested.push(request.url()));
});
after(async () => {
  await browser?.close();
  await demo?.close();
});

describe('admin page in Chromium', { timeout: 180_000 }, () => {
  test('log in with the token; the page shows the demo and draws four charts', async () => {
    await page.goto(demo.adminUrl);
    await page.fill('input[name="token"]', demo.token);
    await Promise.all([page.waitForURL(/\/admin$/), page.click('button[type="submit"]')]);
    await page.waitForSelector(`body[data-charts="${CHARTS.length}"]`, { timeout: 20_000 });
    for (const chart of CHARTS) {
      assert.equal(await page.getAttribute(`#${chart.id}`, 'data-rendered'), 'true', chart.id);
    }
    const text = await page.textContent('main');
    assert.match(text ?? '', /ООО "Ромашка"/);
    assert.match(text ?? '', /«Не печатает принтер»/);
    assert.match(text ?? '', /lacks rights/);
    mkdirSync(shots, { recursive: true });
    writeFileSync(path.join(shots, 'admin-page.png'), await page.screenshot({ fullPage: true }));
  });

  test('the charts are really painted: the status chart has bars in its colour', async () => {
    const png = PNG.sync.read(await page.locator('#chart-by-status').screenshot());
    writeFileSync(path.join(shots, 'chart-by-status.png'), PNG.sync.write(png));
    let painted = 0;
    let bars = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
      if (r < 245 || g < 245 || b < 245) painted += 1;
      // #2f6fb5, the status chart's bars.
      if (Math.abs(r - 0x2f) < 12 && Math.abs(g - 0x6f) < 12 && Math.abs(b - 0xb5) < 12) bars += 1;
    }
    const total = png.width * png.height;
    assert.ok(painted / total > 0.05, `only ${painted} of ${total} pixels painted (${shots})`);
    assert.ok(bars > 1000, `only ${bars} bar pixels (${shots})`);
  });

  test('every asset came from the receiver: the page works without internet', () => {
    const origin = new URL(demo.adminUrl).origin;
    assert.ok(requested.some((u) => u.endsWith('/admin/assets/chart.umd.min.js')));
    assert.deepEqual(
      requested.filter((u) => !u.startsWith(origin)),
      [],
    );
  });

  test('"Повторить" on the failed run resets it; the run leaves the failed list', async () => {
    const row = page.locator('#failed tbody tr', { hasText: demo.workflowId(demo.items.failed) });
    await Promise.all([page.waitForURL(/notice=/), row.locator('button').click()]);
    assert.match((await page.textContent('.notice')) ?? '', /Перезапущено/);
    await waitFor('failed list empty', async () => {
      await page.goto(demo.adminUrl);
      return ((await page.textContent('#failed tbody')) ?? '').trim() === 'нет';
    });
    const handle = demo.stack.client.workflow.getHandle(demo.workflowId(demo.items.failed));
    await waitFor('reset run running', async () => (await handle.describe()).status.name === 'RUNNING');
  });
});
