/** SANDBOX_STATE_DIR: both sandboxes keep their data across restarts, as the systems they play do. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { bindingsTable } from '../../sandbox/bitrix24/events/bindings';
import { sandboxStateFiles, startSandboxes, type Sandboxes } from '../../sandbox/start';

const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-state-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const env = {
  B24_SANDBOX_PORT: '0',
  B24_SANDBOX_HTTPS_PORT: 'off',
  B24_SANDBOX_RATE_LIMIT: 'off',
  ONEC_SANDBOX_PORT: '0',
  SANDBOX_STATE_DIR: dir,
};

async function b24<T>(s: Sandboxes, method: string, params: object): Promise<T> {
  const response = await fetch(`${s.bitrix24.webhookUrl}${method}.json`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  });
  return ((await response.json()) as { result: T }).result;
}

async function onec(s: Sandboxes, method: string, set: string, body?: object): Promise<Response> {
  return fetch(`${s.onec.odataUrl}${encodeURIComponent(set)}?$format=json`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${s.onec.user}:${s.onec.password}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

const addItem = (s: Sandboxes, title: string) =>
  b24<{ item: { id: number } }>(s, 'crm.item.add', { entityTypeId: 1038, fields: { title } });

test('items, documents and id counters survive a restart; event handlers do not', async () => {
  const first = await startSandboxes(env);
  assert.equal(first.state?.resumed, false);
  const { item: a } = await addItem(first, 'до перезапуска');
  const { item: b } = await addItem(first, 'удалённый');
  await b24(first, 'crm.item.delete', { entityTypeId: 1038, id: b.id });
  const created = await onec(first, 'POST', 'Catalog_Контрагенты', { Description: 'ООО "Сохранённый"' });
  assert.equal(created.status, 201);
  const { Ref_Key: ref, DataVersion: version } = (await created.json()) as Record<string, string>;
  await fetch(`${first.bitrix24.httpUrl}/__sandbox/outgoing-webhooks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ handler: 'http://127.0.0.1:9/hook', events: ['ONCRMDYNAMICITEMADD'] }),
  });
  assert.equal(bindingsTable(first.bitrix24.store).size, 1);
  await first.close();

  const second = await startSandboxes(env);
  try {
    assert.equal(second.state?.resumed, true);
    const { item } = await b24<{ item: { title: string } }>(second, 'crm.item.get', {
      entityTypeId: 1038,
      id: a.id,
    });
    assert.equal(item.title, 'до перезапуска');
    const { item: c } = await addItem(second, 'после перезапуска');
    assert.equal(c.id, b.id + 1, 'a deleted id is not handed out again');
    const read = await onec(second, 'GET', `Catalog_Контрагенты(guid'${ref}')`);
    assert.equal(read.status, 200);
    const counterparty = (await read.json()) as Record<string, string>;
    assert.equal(counterparty.Description, 'ООО "Сохранённый"');
    const next = await onec(second, 'POST', 'Catalog_Контрагенты', { Description: 'ООО "Новый"' });
    assert.notEqual(((await next.json()) as Record<string, string>).DataVersion, version);
    assert.equal(bindingsTable(second.bitrix24.store).size, 0, 'listeners register again at start');
  } finally {
    await second.close();
  }
});

test('a damaged state file stops the start with a way out', async () => {
  const broken = mkdtempSync(path.join(tmpdir(), 'sandbox-state-broken-'));
  writeFileSync(sandboxStateFiles(broken).onec, JSON.stringify({ sets: 'nope' }));
  await assert.rejects(startSandboxes({ ...env, SANDBOX_STATE_DIR: broken }), /--fresh/);
  rmSync(broken, { recursive: true, force: true });
});
