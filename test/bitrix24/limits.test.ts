import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { bitrix24SandboxOptionsFromEnv } from '../../sandbox/bitrix24/config';
import { value } from '../../sandbox/bitrix24/methods/types';
import { LeakyBucketLimiter, OperatingTracker } from '../../sandbox/bitrix24/rate-limit';
import { call, startTestSandbox } from './harness';

describe('leaky bucket rate limit', () => {
  test('a burst over the bucket gets 503 QUERY_LIMIT_EXCEEDED, then the bucket drains and calls recover', async () => {
    const sandbox = await startTestSandbox({
      rateLimit: { enabled: true, ratePerSecond: 10, bucketSize: 5 },
    });
    try {
      const burst = await Promise.all(Array.from({ length: 8 }, () => call(sandbox, 'crm.type.list')));
      const statuses = burst.map((a) => a.status);
      assert.equal(statuses.filter((s) => s === 200).length, 5, statuses.join(','));
      const refused = burst.filter((a) => a.status === 503);
      assert.equal(refused.length, 3);
      assert.deepEqual(refused[0]?.body, {
        error: 'QUERY_LIMIT_EXCEEDED',
        error_description: 'Too many requests',
      });
      await sleep(250); // drains 2.5 requests at 10/s
      assert.equal((await call(sandbox, 'crm.type.list')).status, 200);
      assert.equal((await call(sandbox, 'crm.type.list')).status, 200);
    } finally {
      await sandbox.close();
    }
  });

  test('a bucket of 50: 50 requests pass at once, the 51st is refused; setRateLimit switches it off', async () => {
    // Drain rate near zero so a slow machine cannot leak capacity back during the burst.
    const sandbox = await startTestSandbox({
      rateLimit: { enabled: true, ratePerSecond: 0.01, bucketSize: 50 },
    });
    try {
      for (let i = 0; i < 50; i++)
        assert.equal((await call(sandbox, 'crm.type.list')).status, 200, `call ${i + 1}`);
      assert.equal((await call(sandbox, 'crm.type.list')).status, 503);
      sandbox.setRateLimit({ enabled: false, ratePerSecond: 2, bucketSize: 50 });
      assert.equal((await call(sandbox, 'crm.type.list')).status, 200);
    } finally {
      await sandbox.close();
    }
  });

  test('a batch counts as one request', async () => {
    const sandbox = await startTestSandbox({
      rateLimit: { enabled: true, ratePerSecond: 0.001, bucketSize: 2 },
    });
    try {
      const cmd = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`c${i}`, 'crm.type.list']));
      const a = await call(sandbox, 'batch', { cmd });
      assert.equal(a.status, 200);
      assert.equal(Object.keys((a.body.result as { result: object }).result).length, 10);
      assert.equal((await call(sandbox, 'crm.type.list')).status, 200);
      assert.equal((await call(sandbox, 'crm.type.list')).status, 503);
    } finally {
      await sandbox.close();
    }
  });

  test('limiter unit: per-key buckets are all-or-nothing and drain over time', () => {
    const limiter = new LeakyBucketLimiter({ enabled: true, ratePerSecond: 1, bucketSize: 2 });
    assert.ok(limiter.tryAcquire(['portal', 'ip:a'], 0));
    assert.ok(limiter.tryAcquire(['portal', 'ip:a'], 0));
    assert.ok(!limiter.tryAcquire(['portal', 'ip:b'], 0), 'portal bucket is shared across IPs');
    assert.ok(limiter.tryAcquire(['portal', 'ip:b'], 1000));
  });
});

describe('operating limit', () => {
  test('time.operating accumulates per method; over the limit the method is blocked with OPERATION_TIME_LIMIT', async () => {
    const sandbox = await startTestSandbox();
    try {
      sandbox.registerMethod('test.slow', async () => {
        await sleep(30);
        return value(true);
      });
      const first = await call(sandbox, 'test.slow');
      const time = first.body.time as { operating: number; operating_reset_at: number };
      assert.ok(time.operating >= 0.025, `operating ${time.operating}`);
      assert.ok(time.operating_reset_at >= Math.floor(Date.now() / 1000) + 590);
      sandbox.setOperatingLimit(0.01);
      const blocked = await call(sandbox, 'test.slow');
      assert.equal(blocked.status, 429);
      assert.equal(blocked.body.error, 'OPERATION_TIME_LIMIT');
      // Other methods are unaffected.
      assert.equal((await call(sandbox, 'crm.type.list')).status, 200);
    } finally {
      await sandbox.close();
    }
  });

  test('tracker unit: baskets expire 10 minutes after their first call', () => {
    const tracker = new OperatingTracker(480);
    tracker.record('m', 300, 0);
    tracker.record('m', 200, 30_000);
    assert.equal(tracker.status('m', 30_000).operating, 500);
    assert.ok(tracker.isBlocked('m', 30_000));
    tracker.record('m', 10, 70_000);
    assert.equal(tracker.status('m', 600_001).operating, 10);
    assert.ok(!tracker.isBlocked('m', 600_001));
  });
});

describe('environment configuration', () => {
  test('bitrix24SandboxOptionsFromEnv reads host, ports, webhook, cert dir, rate limit and event switches', () => {
    const options = bitrix24SandboxOptionsFromEnv({
      B24_SANDBOX_HOST: '0.0.0.0',
      B24_SANDBOX_PORT: '9000',
      B24_SANDBOX_HTTPS_PORT: 'off',
      B24_SANDBOX_WEBHOOK_USER: '7',
      B24_SANDBOX_WEBHOOK_TOKEN: 'secret',
      B24_SANDBOX_CERT_DIR: '/tmp/certs',
      B24_SANDBOX_RATE_LIMIT: 'off',
      B24_SANDBOX_EVENTS_OVER_WEBHOOK: 'allow',
      B24_SANDBOX_APPLICATION_TOKEN: 'app-token',
    });
    assert.deepEqual(options, {
      host: '0.0.0.0',
      port: 9000,
      httpsPort: false,
      webhookUserId: 7,
      webhookToken: 'secret',
      certDir: '/tmp/certs',
      rateLimit: { enabled: false, ratePerSecond: 2, bucketSize: 50 },
      eventsOverWebhook: true,
      applicationToken: 'app-token',
    });
    assert.deepEqual(
      bitrix24SandboxOptionsFromEnv({
        B24_SANDBOX_PORT: 'x',
        B24_SANDBOX_RATE_LIMIT: 'on',
        B24_SANDBOX_EVENTS_OVER_WEBHOOK: 'deny',
      }),
      { rateLimit: { enabled: true, ratePerSecond: 2, bucketSize: 50 }, eventsOverWebhook: false },
    );
  });

  test('custom webhook user and token shape the URL and the credential check', async () => {
    const sandbox = await startTestSandbox({ webhookUserId: 3, webhookToken: 't0k3n' });
    try {
      assert.ok(sandbox.webhookUrl.endsWith('/rest/3/t0k3n/'));
      assert.equal((await call(sandbox, 'crm.type.list')).status, 200);
      assert.equal((await fetch(`${sandbox.httpUrl}/rest/1/sandbox/crm.type.list`)).status, 401);
    } finally {
      await sandbox.close();
    }
  });
});
