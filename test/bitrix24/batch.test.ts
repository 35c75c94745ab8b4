import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { answer, call, result, startTestSandbox } from './harness';

interface BatchResult {
  result: Record<string, unknown> | unknown[];
  result_error: Record<string, { error: string; error_description: string }> | unknown[];
  result_total: Record<string, number> | unknown[];
  result_next: Record<string, number> | unknown[];
  result_time: Record<string, Record<string, unknown>> | unknown[];
}

describe('batch', () => {
  let sandbox: Bitrix24Sandbox;
  let itemId: number;
  before(async () => {
    sandbox = await startTestSandbox();
    const added = await result<{ item: { id: number } }>(sandbox, 'crm.item.add', {
      entityTypeId: 1038,
      fields: { title: 'Для batch', companyId: 1 },
    });
    itemId = added.item.id;
  });
  after(() => sandbox.close());

  test('$result references feed later commands; result_total / result_time per key; empty maps are []', async () => {
    const r = await result<BatchResult>(sandbox, 'batch', {
      halt: 0,
      cmd: {
        item: `crm.item.get?entityTypeId=1038&id=${itemId}`,
        company: 'crm.company.get?id=$result[item][item][companyId]',
        stages: 'crm.status.list?filter[ENTITY_ID]=DYNAMIC_1038_STAGE_10',
        first: 'crm.status.get.none?x=$result[stages][0][STATUS_ID]',
      },
    });
    const results = r.result as Record<string, Record<string, unknown>>;
    assert.equal((results.company as { TITLE: string }).TITLE, 'ООО "Ромашка"');
    assert.deepEqual(r.result_total, { stages: 5 });
    assert.deepEqual(r.result_next, []);
    assert.deepEqual(Object.keys(r.result_time as object), ['item', 'company', 'stages']);
    assert.deepEqual((r.result_error as Record<string, unknown>).first, {
      error: 'ERROR_METHOD_NOT_FOUND',
      error_description: 'Method not found!',
    });
    const t = (r.result_time as Record<string, Record<string, unknown>>).item ?? {};
    for (const key of ['start', 'finish', 'duration', 'processing', 'date_start', 'date_finish'])
      assert.ok(key in t, key);
  });

  test('references percent-encoded by a client are resolved too', async () => {
    const query = new URLSearchParams({ id: '$result[item][item][companyId]' }).toString();
    const r = await result<BatchResult>(sandbox, 'batch', {
      cmd: { item: `crm.item.get?entityTypeId=1038&id=${itemId}`, company: `crm.company.get?${query}` },
    });
    assert.equal(((r.result as Record<string, { ID: string }>).company ?? { ID: '' }).ID, '1');
  });

  test('errors go to result_error, the rest still runs when halt=0', async () => {
    const r = await result<BatchResult>(sandbox, 'batch', {
      halt: 0,
      cmd: { bad: 'crm.item.get?entityTypeId=1038&id=99999', good: 'crm.type.list' },
    });
    assert.deepEqual(r.result_error, { bad: { error: 'NOT_FOUND', error_description: 'Item not found' } });
    assert.deepEqual(Object.keys(r.result as object), ['good']);
  });

  test('halt=1 stops at the first failing command', async () => {
    const r = await result<BatchResult>(sandbox, 'batch', {
      halt: 1,
      cmd: { ok: 'crm.type.list', bad: 'crm.company.get?id=0', never: 'crm.type.list' },
    });
    assert.deepEqual(Object.keys(r.result as object), ['ok']);
    assert.deepEqual(r.result_error, {
      bad: { error: '', error_description: 'ID is not defined or invalid.' },
    });
  });

  test('cmd as a list gives list-shaped results', async () => {
    const r = await result<BatchResult>(sandbox, 'batch', {
      cmd: ['crm.type.list', 'crm.category.list?entityTypeId=1038'],
    });
    assert.ok(Array.isArray(r.result));
    assert.equal(r.result.length, 2);
    assert.deepEqual(r.result_error, []);
  });

  test('nested batch → ERROR_BATCH_METHOD_NOT_ALLOWED for that command', async () => {
    const r = await result<BatchResult>(sandbox, 'batch', {
      cmd: { inner: 'batch?cmd[a]=crm.type.list', ok: 'crm.type.list' },
    });
    assert.deepEqual((r.result_error as Record<string, unknown>).inner, {
      error: 'ERROR_BATCH_METHOD_NOT_ALLOWED',
      error_description: 'Method is not allowed for batch usage',
    });
    assert.ok('ok' in (r.result as object));
  });

  test('more than 50 commands: the first 50 run, the rest get ERROR_BATCH_LENGTH_EXCEEDED', async () => {
    const cmd = Object.fromEntries(
      Array.from({ length: 52 }, (_, i) => [`c${i}`, 'crm.category.list?entityTypeId=1038']),
    );
    const r = await result<BatchResult>(sandbox, 'batch', { cmd });
    assert.equal(Object.keys(r.result as object).length, 50);
    assert.deepEqual(Object.keys(r.result_error as object), ['c50', 'c51']);
    assert.equal(
      (r.result_error as Record<string, { error: string }>).c50?.error,
      'ERROR_BATCH_LENGTH_EXCEEDED',
    );
  });

  test('batch sent form-encoded (cmd values url-encoded twice)', async () => {
    const body = new URLSearchParams({ halt: '0', 'cmd[a]': `crm.item.get?entityTypeId=1038&id=${itemId}` });
    const a = await answer(await fetch(`${sandbox.webhookUrl}batch`, { method: 'POST', body }));
    const r = a.body.result as BatchResult;
    assert.equal(
      ((r.result as Record<string, { item: { id: number } }>).a ?? { item: { id: 0 } }).item.id,
      itemId,
    );
  });

  test('list sub-calls report result_next', async () => {
    for (let i = 0; i < 51; i++)
      await call(sandbox, 'crm.item.add', { entityTypeId: 1038, fields: { title: `n${i}` } });
    const r = await result<BatchResult>(sandbox, 'batch', {
      cmd: { page: 'crm.item.list?entityTypeId=1038&select[]=id' },
    });
    assert.deepEqual(r.result_next, { page: 50 });
    assert.deepEqual(r.result_total, { page: 52 });
  });

  test('a batch without commands answers empty maps', async () => {
    const r = await result<BatchResult>(sandbox, 'batch', {});
    assert.deepEqual(r, { result: [], result_error: [], result_total: [], result_next: [], result_time: [] });
  });
});
