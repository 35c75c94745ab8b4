import { createLogger } from '../../observability/logger';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startReceiver, type Receiver } from '../../client/receiver';
import { SourceRateLimiter, sourceAddress } from '../../client/rate-limit';
import type { RequestSignals } from '../../client/request-dispatcher';

describe('per-source token bucket', () => {
  test('a burst passes, then the sustained rate; Retry-After says when the next one fits', () => {
    let now = 0;
    const limiter = new SourceRateLimiter({ perSecond: 2, burst: 3, maxSources: 100 }, () => now);
    const take = () => limiter.take('10.0.0.1');
    assert.deepEqual(
      [take(), take(), take()].map((d) => d.allowed),
      [true, true, true],
    );
    const refused = take();
    assert.deepEqual(refused, { allowed: false, retryAfterSeconds: 1, firstRefusal: true });
    assert.equal((take() as { firstRefusal: boolean }).firstRefusal, false, 'one log line per flood');
    assert.equal(limiter.take('10.0.0.2').allowed, true, 'other sources have their own bucket');
    now += 500; // one token back at 2/s
    assert.equal(take().allowed, true);
    assert.equal(take().allowed, false);
    now += 10_000; // refills up to the burst, not beyond
    assert.deepEqual(
      [take(), take(), take(), take()].map((d) => d.allowed),
      [true, true, true, false],
    );
  });

  test('the map of sources stays bounded, forgetting the least recently seen', () => {
    const limiter = new SourceRateLimiter({ perSecond: 1, burst: 1, maxSources: 100 }, () => 0);
    assert.equal(limiter.take('keep').allowed, true);
    for (let i = 0; i < 99; i++) limiter.take(`a${i}`);
    assert.equal(limiter.take('keep').allowed, false, 'recently seen: still tracked');
    for (let i = 0; i < 1000; i++) limiter.take(`b${i}`);
    assert.equal(limiter.trackedSources, 100);
    assert.equal(limiter.take('keep').allowed, true, 'forgotten, starts with a full bucket');
  });

  test('behind a trusted proxy the last X-Forwarded-For entry is the source', () => {
    assert.equal(sourceAddress('10.0.0.5', '1.1.1.1, 2.2.2.2', true), '2.2.2.2');
    assert.equal(sourceAddress('10.0.0.5', '1.1.1.1, 2.2.2.2', false), '10.0.0.5');
    assert.equal(sourceAddress('10.0.0.5', undefined, true), '10.0.0.5');
  });
});

describe('receiver rate limit', () => {
  let started = 0;
  const signals: RequestSignals = {
    bitrixItemChanged: async () => `w${(started += 1)}`,
    onecStatusChanged: async () => `w${(started += 1)}`,
    onecDocumentPosted: async () => `w${(started += 1)}`,
  };
  let receiver: Receiver;
  const lines: string[] = [];
  before(async () => {
    receiver = await startReceiver({
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 4096,
      applicationToken: 'portal-application-token',
      onecSecret: 'notify-secret-0123456789',
      entityTypeId: 1038,
      dispatcher: signals,
      rateLimit: { perSecond: 0.5, burst: 3, maxSources: 100 },
      logger: createLogger({
        level: 'info',
        format: 'json',
        destination: { write: (line: string) => void lines.push(line) },
      }),
    });
  });
  after(async () => receiver?.close());

  test('a flood from one address gets 429 with Retry-After before its body is even read', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${receiver.url}/webhooks/bitrix24`, { method: 'POST', body: 'event=x' });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
      await response.arrayBuffer();
    }
    assert.deepEqual(statuses, [400, 400, 400, 429, 429, 429]);
    assert.equal(retryAfter, '2');
    assert.equal(started, 0);
    assert.equal(lines.filter((l) => l.includes('rate limit')).length, 1, lines.join('\n'));
    assert.equal((await fetch(`${receiver.url}/healthz`)).status, 200, 'health checks are not limited');
  });
});
