/**
 * The Temporal Web UI bundled in the CLI, in a real headless Chromium, reading an encrypted request:
 * the dev server is started with `--ui-codec-endpoint` pointing at our codec server, as `npm run demo` does.
 * Whoever signed in at the codec server and set the UI's codec settings as the README says sees the
 * client's data decoded; with a refused token the codec server answers 401 and the page holds only the
 * sealed payloads. Screenshots of both go to a temp directory (printed on failure).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startCodecServer, type CodecServer } from '../../codec/codec-server';
import { encryptionCodecFromConfig } from '../../codec/data-converter';
import { requestWorkflowId } from '../../client/request-dispatcher';
import { freePort } from '../../scripts/lib/free-port';
import { createCompany, createRequestItem, documentsOf } from '../integration/systems';
import { startTestStack, type TestStack } from '../integration/stack';
import { launchChromium } from '../support/chromium';
import { waitFor } from '../support/wait-for';

const TOKEN = 'ui-codec-token-0123456789';
const CLIENT = { title: 'ООО "Видимый Клиент"', phone: '8 (495) 111-22-33', inn: '7736207543' };
/** base64 of `binary/encrypted`, the encoding a sealed payload shows when nobody decoded it. */
const SEALED_ENCODING = Buffer.from('binary/encrypted').toString('base64');

let t: TestStack;
let codecServer: CodecServer;
let browser: Browser;
let uiOrigin: string;
let workflowId: string;
const shots = mkdtempSync(path.join(tmpdir(), 'temporal-ui-codec-'));

before(async () => {
  browser = await launchChromium();
  // The UI's origin must be known to the codec server (CORS) before the UI exists: pick its port first.
  const uiPort = await freePort();
  uiOrigin = `http://127.0.0.1:${uiPort}`;
  let stack: TestStack | undefined;
  codecServer = await startCodecServer({
    host: '127.0.0.1',
    port: 0,
    codec: {
      encode: (payloads) => codecOf(stack).encode(payloads),
      decode: (payloads) => codecOf(stack).decode(payloads),
    },
    tokens: [TOKEN],
    allowedOrigins: [uiOrigin],
    namespace: 'default',
    log: () => {},
  });
  t = stack = await startTestStack('temporal-ui-codec', {
    ui: { port: uiPort, codecEndpoint: codecServer.url },
  });
  const companyId = await createCompany(t.stack, CLIENT);
  const itemId = await createRequestItem(t.stack, {
    title: 'Сканер не видит сеть',
    companyId,
    description: 'Нужна помощь',
  });
  await waitFor('document posted', async () => (await documentsOf(t.stack, itemId))[0]?.Posted === true);
  // The new client's card travels as the input of the counterparty workflow the request started (the
  // per-client lock `counterparty-b24-…`, not the entity workflow `counterparty-sync-b24-…` beside it).
  const requestId = requestWorkflowId(1038, itemId);
  workflowId = await waitFor('counterparty workflow', async () => {
    for await (const run of t.stack.client.workflow.list()) {
      if (run.workflowId !== requestId && run.workflowId.startsWith('counterparty-b24-'))
        return run.workflowId;
    }
    return undefined;
  });
});
after(async () => {
  await browser?.close();
  await codecServer?.close();
  await t?.close();
});

function codecOf(stack: TestStack | undefined) {
  const codec = stack && encryptionCodecFromConfig(stack.stack.config);
  if (!codec) throw new Error('the test stack has no codec keys');
  return codec;
}

/** A browser profile of its own (cookies, local storage), with every codec-server answer it got. */
async function profile(): Promise<{ context: BrowserContext; page: Page; answers: number[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1800 } });
  const page = await context.newPage();
  const answers: number[] = [];
  page.on('response', (response) => {
    if (response.url().startsWith(`${codecServer.url}/decode`)) answers.push(response.status());
  });
  return { context, page, answers };
}

/** What the README tells an administrator: sign in at the codec server with the token. */
async function signIn(page: Page, token: string): Promise<string> {
  await page.goto(`${codecServer.url}/login`);
  await page.fill('input[name="token"]', token);
  await Promise.all([page.waitForLoadState(), page.click('button:has-text("Sign in")')]);
  return (await page.textContent('p')) ?? '';
}

/**
 * The UI's codec settings (the codec-status button beside the time zone): use the browser's setting,
 * this endpoint, with cross-origin credentials — the CLI sets only the endpoint at cluster level.
 */
async function useCodecServerWithCredentials(page: Page): Promise<void> {
  await page.click('[data-testid^="data-encoder-status"]');
  await page.getByRole('button', { name: 'Use Cluster-level setting' }).click();
  await page.check('[data-testid="use-local-endpoint-input"]');
  await page.getByPlaceholder('Paste your endpoint here').fill(codecServer.url);
  // The drawer opens above the sticky top bar, which takes the pointer's clicks: use the keyboard there.
  const includeCredentials = page.locator('[data-testid="data-encoder-include-credentials"] input');
  await includeCredentials.focus();
  await page.keyboard.press('Space');
  assert.ok(await includeCredentials.isChecked());
  await page.locator('[data-testid="confirm-data-encoder-button"]').focus();
  await page.keyboard.press('Enter');
}

async function workflowPage(page: Page): Promise<string> {
  await page.goto(`${uiOrigin}/namespaces/default/workflows/${workflowId}`);
  await page.waitForSelector('[data-testid^="data-encoder-status"]');
  return page.url();
}

describe('Temporal UI through the codec server', { timeout: 60_000 }, () => {
  test('signed in with the token: the UI shows the client decoded', async () => {
    const { context, page, answers } = await profile();
    try {
      assert.match(await signIn(page, TOKEN), /Signed in/);
      // Until the settings below, the UI calls with the CLI's cluster-level setting: no credentials, 401.
      const refused = page.waitForResponse(
        (r) => r.url() === `${codecServer.url}/decode` && r.status() === 401,
      );
      await workflowPage(page);
      await refused;
      await useCodecServerWithCredentials(page);
      answers.length = 0;
      await page.reload();
      await page.waitForSelector('text=Видимый Клиент', { timeout: 20_000 });
      writeFileSync(path.join(shots, 'decoded.png'), await page.screenshot({ fullPage: true }));
      const text = (await page.textContent('body')) ?? '';
      for (const plain of [CLIENT.inn, CLIENT.phone])
        assert.ok(text.includes(plain), `${plain} not shown decoded (${shots})`);
      assert.doesNotMatch(text, new RegExp(SEALED_ENCODING), `still sealed (${shots})`);
      assert.ok(answers.includes(200), `codec answers: ${answers.join(', ')}`);
      assert.ok(!answers.includes(401), `codec answers: ${answers.join(', ')}`);
    } finally {
      await context.close();
    }
  });

  test('with a refused token: the codec server answers 401 and the page holds only sealed data', async () => {
    const { context, page, answers } = await profile();
    try {
      assert.match(await signIn(page, 'not-the-token-0123456789'), /not valid/);
      await workflowPage(page);
      await useCodecServerWithCredentials(page);
      await page.reload();
      await page.waitForSelector('[data-testid="data-encoder-status-error"]', { timeout: 20_000 });
      await page.waitForSelector(`text=${SEALED_ENCODING}`);
      writeFileSync(path.join(shots, 'sealed.png'), await page.screenshot({ fullPage: true }));
      const text = (await page.textContent('body')) ?? '';
      for (const plain of ['Видимый Клиент', CLIENT.phone, '111-22-33', CLIENT.inn])
        assert.equal(text.includes(plain), false, `${plain} shown without the codec server (${shots})`);
      assert.ok(answers.length > 0 && answers.every((s) => s === 401), `codec answers: ${answers}`);
    } finally {
      await context.close();
    }
  });
});
