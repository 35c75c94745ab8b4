import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestSandbox } from './harness';

async function stats(url: string, method = 'GET'): Promise<Record<string, unknown>> {
  return (await (await fetch(`${url}/__sandbox/stats`, { method })).json()) as Record<string, unknown>;
}

describe('call statistics and the web interface', () => {
  test('counts requests per method, batched commands and refusals; DELETE resets', async () => {
    const sandbox = await startTestSandbox({
      rateLimit: { enabled: true, ratePerSecond: 0.001, bucketSize: 3 },
    });
    try {
      await call(sandbox, 'crm.type.list');
      await call(sandbox, 'batch', { cmd: { a: 'crm.type.list', b: 'user.get?ID=1' } });
      await call(sandbox, 'CRM.Type.List.json');
      assert.equal((await call(sandbox, 'crm.type.list')).status, 503);
      const counted = await stats(sandbox.httpUrl);
      assert.equal(counted.requests, 3);
      assert.deepEqual(counted.methods, { 'crm.type.list': 2, batch: 1 });
      assert.deepEqual(counted.batched, { 'crm.type.list': 1, 'user.get': 1 });
      assert.deepEqual(counted.refused, { QUERY_LIMIT_EXCEEDED: 1 });
      assert.deepEqual(counted.refusedMethods, { 'crm.type.list': 1 });
      const reset = await stats(sandbox.httpUrl, 'DELETE');
      assert.equal(reset.requests, 0);
      assert.deepEqual(reset.refused, {});
      assert.deepEqual(reset.refusedMethods, {});
    } finally {
      await sandbox.close();
    }
  });

  test('a user action in the web interface fires events but spends no REST budget', async () => {
    const sandbox = await startTestSandbox({
      rateLimit: { enabled: true, ratePerSecond: 0.001, bucketSize: 1 },
    });
    try {
      const events: string[] = [];
      sandbox.store.events.on('event', (e: { event: string }) => events.push(e.event));
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${sandbox.httpUrl}/__sandbox/ui/crm.item.add`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ entityTypeId: 1038, fields: { title: `UI ${i}` } }),
        });
        const body = (await response.json()) as { result: { item: { id: number } } };
        assert.ok(body.result.item.id > 0);
      }
      assert.deepEqual(events, Array(3).fill('ONCRMDYNAMICITEMADD'));
      assert.equal((await stats(sandbox.httpUrl)).requests, 0);
      assert.equal((await call(sandbox, 'crm.type.list')).status, 200, 'the REST bucket is still empty');
    } finally {
      await sandbox.close();
    }
  });
});
