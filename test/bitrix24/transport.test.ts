import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { request } from 'undici';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { Bitrix24ApiError, value } from '../../sandbox/bitrix24/methods/types';
import { usersTable } from '../../sandbox/bitrix24/methods/users';
import { answer, call, startTestSandbox } from './harness';

describe('Bitrix24 sandbox transport', () => {
  let sandbox: Bitrix24Sandbox;
  before(async () => {
    sandbox = await startTestSandbox({
      interceptors: [
        async (req, res) => {
          if (req.url !== '/__intercepted') return false;
          res.writeHead(418).end('teapot');
          return true;
        },
      ],
    });
  });
  after(() => sandbox.close());

  test('webhook URL has the /rest/<user>/<token>/ form', () => {
    assert.match(sandbox.webhookUrl, /^http:\/\/127\.0\.0\.1:\d+\/rest\/1\/sandbox\/$/);
  });

  test('method with and without .json, GET with query string', async () => {
    for (const suffix of ['', '.json']) {
      const a = await answer(
        await fetch(`${sandbox.webhookUrl}crm.item.get${suffix}?entityTypeId=1038&id=999`),
      );
      assert.equal(a.status, 400);
      assert.deepEqual(a.body, { error: 'NOT_FOUND', error_description: 'Item not found' });
    }
    const a = await answer(
      await fetch(`${sandbox.webhookUrl}crm.status.list.json?filter[ENTITY_ID]=DYNAMIC_1038_STAGE_10`),
    );
    assert.equal(a.status, 200);
    assert.equal((a.body.result as unknown[]).length, 5);
  });

  test('success envelope: result, total, time with every documented key; JSON content type', async () => {
    const a = await call(sandbox, 'crm.status.list', { filter: { ENTITY_ID: 'DYNAMIC_1038_STAGE_10' } });
    assert.equal(a.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(Object.keys(a.body), ['result', 'total', 'time']);
    assert.equal(a.body.total, 5);
    const time = a.body.time as Record<string, unknown>;
    assert.deepEqual(Object.keys(time).sort(), [
      'date_finish',
      'date_start',
      'duration',
      'finish',
      'operating',
      'operating_reset_at',
      'processing',
      'start',
    ]);
    assert.match(String(time.date_start), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
    assert.ok(typeof time.start === 'number' && typeof time.finish === 'number' && time.finish >= time.start);
    assert.ok(Number.isInteger(time.operating_reset_at));
  });

  test('POST form-encoded with PHP-style nested keys', async () => {
    const body = new URLSearchParams({
      entityTypeId: '1038',
      'fields[title]': 'Форма',
      'fields[ufCrm5RequestType]': '102',
      'fields[observers][]': '2',
    });
    body.append('fields[observers][]', '3');
    const res = await fetch(`${sandbox.webhookUrl}crm.item.add`, { method: 'POST', body });
    const a = await answer(res);
    assert.equal(a.status, 200);
    const item = (a.body.result as { item: Record<string, unknown> }).item;
    assert.equal(item.title, 'Форма');
    assert.equal(item.ufCrm5RequestType, 102);
    assert.deepEqual(item.observers, [2, 3]);
    const listed = await answer(
      await fetch(`${sandbox.webhookUrl}crm.item.list`, {
        method: 'POST',
        body: new URLSearchParams({
          entityTypeId: '1038',
          'filter[>=id]': String(item.id),
          'select[]': 'title',
        }),
      }),
    );
    assert.deepEqual((listed.body.result as { items: unknown[] }).items, [
      { id: item.id, title: 'Форма', entityTypeId: 1038 },
    ]);
  });

  test('method names are case-insensitive', async () => {
    const a = await call(sandbox, 'CRM.Status.List', { filter: { ENTITY_ID: 'SOURCE' } });
    assert.equal(a.status, 200);
  });

  test('wrong webhook code or user → 401 NO_AUTH_FOUND', async () => {
    for (const url of [
      sandbox.webhookUrl.replace('/sandbox/', '/wrong/'),
      sandbox.webhookUrl.replace('/rest/1/', '/rest/2/'),
    ]) {
      const a = await answer(await fetch(`${url}crm.status.list`));
      assert.equal(a.status, 401);
      assert.deepEqual(a.body, { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
    }
  });

  test('right code of a user who may no longer act (deactivated) → 403 INVALID_CREDENTIALS', async () => {
    const owner = usersTable(sandbox.store).get(1)!;
    owner.ACTIVE = false;
    try {
      const a = await answer(await fetch(`${sandbox.webhookUrl}crm.status.list`));
      assert.equal(a.status, 403);
      assert.deepEqual(a.body, {
        error: 'INVALID_CREDENTIALS',
        error_description: 'Invalid request credentials',
      });
    } finally {
      owner.ACTIVE = true;
    }
    assert.equal((await answer(await fetch(`${sandbox.webhookUrl}crm.status.list`))).status, 200);
  });

  test('OAuth-style path without auth → 401 NO_AUTH_FOUND; with an unknown token → 401 invalid_token', async () => {
    const none = await answer(await fetch(`${sandbox.httpUrl}/rest/crm.status.list`));
    assert.equal(none.status, 401);
    assert.equal(none.body.error, 'NO_AUTH_FOUND');
    const bad = await answer(await fetch(`${sandbox.httpUrl}/rest/crm.status.list?auth=abc`));
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, 'invalid_token');
  });

  test('unknown method → 404 ERROR_METHOD_NOT_FOUND', async () => {
    const a = await call(sandbox, 'crm.nothing.here');
    assert.equal(a.status, 404);
    assert.deepEqual(a.body, { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' });
  });

  test('malformed or non-object JSON → 400 INVALID_REQUEST, server keeps serving', async () => {
    for (const body of ['{"entityTypeId": 1038', '[1,2,3]', '"text"', '\u0000\u0001garbage']) {
      const res = await fetch(`${sandbox.webhookUrl}crm.item.list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const a = await answer(res);
      assert.equal(a.status, 400, body);
      assert.equal(a.body.error, 'INVALID_REQUEST');
    }
    assert.equal((await call(sandbox, 'crm.type.list')).status, 200);
  });

  test('garbage form bodies and odd parameter shapes never crash', async () => {
    const bodies = [
      '%%%&&&===',
      'fields=notamap&entityTypeId[]=x',
      'filter[[[=1&order=ASC',
      'a'.repeat(100_000),
    ];
    for (const body of bodies) {
      for (const method of [
        'crm.item.list',
        'crm.item.add',
        'crm.company.add',
        'crm.company.list',
        'batch',
        'crm.address.add',
      ]) {
        const res = await fetch(`${sandbox.webhookUrl}${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
        const a = await answer(res);
        assert.ok(a.status === 200 || a.status === 400, `${method} ${body.slice(0, 20)} → ${a.status}`);
      }
    }
  });

  test('oversized body → 413, connection handled, server still alive', async () => {
    const small = await startTestSandbox({ bodyLimitBytes: 1024 });
    try {
      const res = await request(`${small.webhookUrl}crm.item.list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ entityTypeId: 1038, pad: 'x'.repeat(50_000) }),
      });
      assert.equal(res.statusCode, 413);
      assert.equal(((await res.body.json()) as { error: string }).error, 'INVALID_REQUEST');
      assert.equal((await call(small, 'crm.type.list')).status, 200);
    } finally {
      await small.close();
    }
  });

  test('10 MB default limit rejects an 11 MB body', async () => {
    const res = await request(`${sandbox.webhookUrl}crm.item.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.alloc(11 * 1024 * 1024, 'a'),
    });
    assert.equal(res.statusCode, 413);
    await res.body.text();
  });

  test('a client that never finishes its body is answered 408 and disconnected', async () => {
    const quick = await startTestSandbox({ requestTimeoutMs: 300 });
    try {
      const { port } = new URL(quick.httpUrl);
      const socket = connect(Number(port), '127.0.0.1');
      socket.write(
        'POST /rest/1/sandbox/crm.type.list HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a":',
      );
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      const started = Date.now();
      await new Promise<void>((resolve) => socket.on('close', () => resolve()));
      assert.ok(Date.now() - started < 5000);
      assert.match(received, /^HTTP\/1\.1 408/);
      assert.equal((await call(quick, 'crm.type.list')).status, 200);
    } finally {
      await quick.close();
    }
  });

  test('an unexpected exception in a handler → 500 INTERNAL_SERVER_ERROR', async () => {
    sandbox.registerMethod('test.explode', () => {
      throw new TypeError('boom');
    });
    const a = await call(sandbox, 'test.explode');
    assert.equal(a.status, 500);
    assert.deepEqual(a.body, { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' });
  });

  test('registered methods: values, list pages and API errors', async () => {
    sandbox.registerMethod('test.echo', (params) => value(params));
    sandbox.registerMethod('test.denied', () => {
      throw new Bitrix24ApiError('ACCESS_DENIED', 'Access denied', 403);
    });
    assert.deepEqual((await call(sandbox, 'test.echo', { a: [1, { b: 2 }] })).body.result, {
      a: [1, { b: 2 }],
    });
    const denied = await call(sandbox, 'test.denied');
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error, 'ACCESS_DENIED');
  });

  test('interceptors run first; extra routes are mounted; other paths 404', async () => {
    const intercepted = await fetch(`${sandbox.httpUrl}/__intercepted`);
    assert.equal(intercepted.status, 418);
    assert.equal(await intercepted.text(), 'teapot');
    sandbox.registerRoute('GET', '/__sandbox/ping', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('pong');
    });
    assert.equal(await (await fetch(`${sandbox.httpUrl}/__sandbox/ping`)).text(), 'pong');
    assert.equal((await fetch(`${sandbox.httpUrl}/elsewhere`)).status, 404);
  });

  test('query string and body merge; body wins', async () => {
    sandbox.registerMethod('test.params', (params) => value(params));
    const res = await fetch(`${sandbox.webhookUrl}test.params?a=query&b=query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ b: 'body' }),
    });
    assert.deepEqual((await answer(res)).body.result, { a: 'query', b: 'body' });
  });
});
