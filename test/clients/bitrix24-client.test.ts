import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { Bitrix24Client } from '../../activities/bitrix24/client';
import { Bitrix24Error } from '../../activities/bitrix24/errors';
import { startFake, type FakeServer, type Reply } from './fake-server';

const TIME = { start: 1716543210.12, finish: 1716543210.18, duration: 0.06, processing: 0.02, operating: 0 };

/** One fake portal; each test installs its own answer. */
let next: (body: Record<string, unknown>, path: string) => Reply = () => ({
  body: { result: true, time: TIME },
});
let portal: FakeServer;
let client: Bitrix24Client;

before(async () => {
  portal = await startFake((req) =>
    next(req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {}, req.url),
  );
  client = new Bitrix24Client({ webhookUrl: `${portal.origin}/rest/1/secret`, timeoutMs: 2000 });
});
after(() => portal.close());

async function failure(promise: Promise<unknown>): Promise<Bitrix24Error> {
  const error = await promise.then(
    () => assert.fail('expected a Bitrix24Error'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof Bitrix24Error, `not a Bitrix24Error: ${String(error)}`);
  return error;
}

describe('Bitrix24Client.call', () => {
  it('POSTs JSON to <webhook>/<method>.json and returns the zod-parsed result', async () => {
    next = () => ({ body: { result: { item: { id: 5, title: 'A' } }, time: TIME } });
    const from = portal.received.length;
    const result = await client.call(
      'crm.item.get',
      { entityTypeId: 1038, id: 5 },
      z.object({ item: z.object({ id: z.number() }) }),
    );
    assert.deepEqual(result, { item: { id: 5 } });
    const sent = portal.received[from]!;
    assert.equal(sent.method, 'POST');
    assert.equal(sent.url, '/rest/1/secret/crm.item.get.json');
    assert.match(String(sent.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(sent.body), { entityTypeId: 1038, id: 5 });
  });

  it('rejects a result that does not match the schema as a non-retryable UNEXPECTED_RESULT', async () => {
    next = () => ({ body: { result: { item: 'nope' }, time: TIME } });
    const error = await failure(
      client.call('crm.item.get', {}, z.object({ item: z.object({ id: z.number() }) })),
    );
    assert.equal(error.code, 'UNEXPECTED_RESULT');
    assert.equal(error.retryable, false);
  });

  const cases: Array<[number, string, boolean]> = [
    [503, 'QUERY_LIMIT_EXCEEDED', true],
    [429, 'OPERATION_TIME_LIMIT', true],
    [503, 'OVERLOAD_LIMIT', true],
    // 429 and 503 mean "slow down" whatever the code: a proxy's or an unknown code never fails the call.
    [429, 'SOMETHING_NEW', true],
    [503, 'ACCESS_DENIED', true],
    [500, 'INTERNAL_SERVER_ERROR', true],
    [502, 'SOMETHING_UPSTREAM', true],
    [401, 'expired_token', false],
    [401, 'invalid_token', false],
    [401, 'NO_AUTH_FOUND', false],
    [403, 'INVALID_CREDENTIALS', false],
    [403, 'ACCESS_DENIED', false],
    [403, 'insufficient_scope', false],
    [404, 'ERROR_METHOD_NOT_FOUND', false],
    [400, 'NOT_FOUND', false],
    [400, 'INVALID_ARG_VALUE', false],
    [400, 'ERROR_CORE', false],
    [400, 'ERROR_BATCH_LENGTH_EXCEEDED', false],
    [405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', false],
    [418, 'SOMETHING_ELSE', false],
  ];
  for (const [status, code, retryable] of cases) {
    it(`classifies ${status} ${code} as ${retryable ? 'retryable' : 'permanent'}`, async () => {
      next = () => ({ status, body: { error: code, error_description: `text of ${code}` } });
      const error = await failure(client.call('crm.item.get', {}, z.unknown()));
      assert.equal(error.code, code);
      assert.equal(error.httpStatus, status);
      assert.equal(error.description, `text of ${code}`);
      assert.equal(error.retryable, retryable);
      assert.equal(error.method, 'crm.item.get');
    });
  }

  it('tells the admin what to fix when the webhook code is wrong (401 NO_AUTH_FOUND)', async () => {
    next = () => ({
      status: 401,
      body: { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' },
    });
    const error = await failure(client.call('crm.item.get', {}, z.unknown()));
    assert.equal(
      error.message,
      'Bitrix24 rejected the webhook credentials (NO_AUTH_FOUND): check bitrix24.webhookUrl',
    );
  });

  it('says the webhook user lacks rights on 403 INVALID_CREDENTIALS', async () => {
    next = () => ({
      status: 403,
      body: { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' },
    });
    const error = await failure(client.call('crm.item.get', {}, z.unknown()));
    assert.equal(
      error.message,
      'Bitrix24 crm.item.get failed (INVALID_CREDENTIALS, HTTP 403): Invalid request credentials; ' +
        'the user who owns the webhook lacks the rights for crm.item.get (deactivated, or rights withdrawn)',
    );
  });

  it('maps the legacy 400 {"error":"","error_description":"Not found"} to NOT_FOUND', async () => {
    next = () => ({ status: 400, body: { error: '', error_description: 'Not found' } });
    const error = await failure(client.call('crm.company.get', { id: 999 }, z.unknown()));
    assert.equal(error.code, 'NOT_FOUND');
    assert.equal(error.retryable, false);
  });

  it('treats a 200 HTML page as a non-retryable misconfiguration', async () => {
    next = () => ({ headers: { 'content-type': 'text/html' }, body: '<html><body>Login</body></html>' });
    const error = await failure(client.call('crm.item.get', {}, z.unknown()));
    assert.equal(error.code, 'INVALID_RESPONSE');
    assert.equal(error.retryable, false);
    assert.match(error.message, /webhookUrl/);
  });

  it('never carries the webhook token into its message, even when the answer echoes the URL', async () => {
    next = (_body, path) => ({
      status: 404,
      headers: { 'content-type': 'text/html' },
      body: `<html>No route ${portal.origin}${path}</html>`,
    });
    const error = await failure(client.call('crm.item.get', {}, z.unknown()));
    assert.match(error.message, /\/rest\/1\/\*\*\*\/crm\.item\.get\.json/);
    assert.ok(!error.message.includes('/secret/'), error.message);
    assert.ok(!error.description.includes('/secret/'), error.description);
  });

  it('treats a 502 HTML page from a balancer as retryable', async () => {
    next = () => ({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html>Bad Gateway</html>',
    });
    const error = await failure(client.call('crm.item.get', {}, z.unknown()));
    assert.equal(error.retryable, true);
    assert.equal(error.httpStatus, 502);
  });

  it('treats JSON that is not an envelope as a non-retryable error', async () => {
    next = () => ({ body: { hello: 'world' } });
    const error = await failure(client.call('crm.item.get', {}, z.unknown()));
    assert.equal(error.code, 'INVALID_RESPONSE');
    assert.equal(error.retryable, false);
  });
});

describe('Bitrix24Client transport failures', () => {
  it('gives up after timeoutMs when the portal never answers, as a retryable TIMEOUT', async () => {
    const silent = await startFake(() => ({ hang: true }));
    try {
      const slow = new Bitrix24Client({ webhookUrl: `${silent.origin}/rest/1/t/`, timeoutMs: 300 });
      const started = Date.now();
      const error = await failure(slow.call('crm.item.get', {}, z.unknown()));
      assert.equal(error.code, 'TIMEOUT');
      assert.equal(error.retryable, true);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    } finally {
      await silent.close();
    }
  });

  it('reports a refused connection as a retryable NETWORK_ERROR', async () => {
    const gone = await startFake(() => ({}));
    await gone.close();
    const error = await failure(
      new Bitrix24Client({ webhookUrl: `${gone.origin}/rest/1/t/` }).call('x', {}, z.unknown()),
    );
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.equal(error.retryable, true);
  });
});

describe('Bitrix24Client.listAll', () => {
  const rows = Array.from({ length: 5 }, (_, i) => ({ ID: String(i + 1) }));
  const page = (start: number) => ({
    result: rows.slice(start, start + 2),
    total: rows.length,
    ...(start + 2 < rows.length ? { next: start + 2 } : {}),
    time: TIME,
  });

  it('follows next through every page of a legacy list (result is the array)', async () => {
    const starts: unknown[] = [];
    next = (body) => {
      starts.push(body.start);
      return { body: page(Number(body.start)) };
    };
    const all = await client.listAll(
      'crm.company.list',
      { filter: { '>ID': 0 } },
      (r) => r as unknown[],
      z.object({ ID: z.string() }),
    );
    assert.deepEqual(
      all.map((r) => r.ID),
      ['1', '2', '3', '4', '5'],
    );
    assert.deepEqual(starts, [0, 2, 4]);
  });

  it('reads {items} of crm.item.list and stops at max', async () => {
    next = (body) => {
      const { result, ...rest } = page(Number(body.start));
      return { body: { ...rest, result: { items: result.map((r) => ({ id: Number(r.ID) })) } } };
    };
    const items = await client.listAll(
      'crm.item.list',
      { entityTypeId: 1038 },
      (r) => (r as { items: unknown[] }).items,
      z.object({ id: z.number() }),
      { max: 3 },
    );
    assert.deepEqual(items, [{ id: 1 }, { id: 2 }, { id: 3 }]);
  });
});

describe('Bitrix24Client.listAll shape errors', () => {
  it('turns a throwing row picker into a non-retryable UNEXPECTED_RESULT', async () => {
    next = () => ({ body: { result: { unexpected: true }, time: TIME } });
    const picker = (r: unknown) => {
      if (!Array.isArray(r)) throw new TypeError('not an array');
      return r;
    };
    const error = await failure(client.listAll('crm.company.list', {}, picker, z.unknown()));
    assert.equal(error.code, 'UNEXPECTED_RESULT');
    assert.equal(error.retryable, false);
  });
});

describe('Bitrix24Client.batch', () => {
  it('sends PHP-encoded commands and splits results from per-command errors', async () => {
    let sent: Record<string, unknown> = {};
    next = (body) => {
      sent = body;
      return {
        body: {
          result: {
            result: { a: { item: { id: 5 } } },
            result_error: { b: { error: 'NOT_FOUND', error_description: 'Not found' } },
            result_total: [],
            result_next: [],
            result_time: { a: TIME },
          },
          time: TIME,
        },
      };
    };
    const outcome = await client.batch(
      {
        a: { method: 'crm.item.get', params: { entityTypeId: 1038, id: 5 } },
        b: {
          method: 'crm.company.update',
          params: { id: '$result[a][item][companyId]', fields: { TITLE: 'ООО "Ромашка" & Co' } },
        },
        c: 'user.current',
      },
      true,
    );
    assert.deepEqual(sent, {
      halt: 1,
      cmd: {
        a: 'crm.item.get?entityTypeId=1038&id=5',
        b: 'crm.company.update?id=$result[a][item][companyId]&fields[TITLE]=%D0%9E%D0%9E%D0%9E%20%22%D0%A0%D0%BE%D0%BC%D0%B0%D1%88%D0%BA%D0%B0%22%20%26%20Co',
        c: 'user.current',
      },
    });
    assert.deepEqual(outcome.result, { a: { item: { id: 5 } } });
    assert.deepEqual(outcome.errors, { b: { error: 'NOT_FOUND', error_description: 'Not found' } });
  });

  it('accepts the empty-array forms PHP uses for empty maps', async () => {
    next = () => ({
      body: {
        result: { result: [], result_error: [], result_total: [], result_next: [], result_time: [] },
        time: TIME,
      },
    });
    assert.deepEqual(await client.batch({ a: 'user.current' }), { result: {}, errors: {} });
  });

  it('refuses more than 50 commands before sending anything', async () => {
    const from = portal.received.length;
    const cmd = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 'user.current']));
    const error = await failure(client.batch(cmd));
    assert.equal(error.code, 'ERROR_BATCH_LENGTH_EXCEEDED');
    assert.equal(portal.received.length, from);
  });
});
