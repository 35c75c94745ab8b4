import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { Bitrix24Client } from '../../activities/bitrix24/client';
import {
  Bitrix24Governor,
  CLOUD_LIMITS,
  type GovernorClock,
  type GovernorLimits,
  type SharedBudget,
} from '../../activities/bitrix24/governor';
import { type LeaseRequest, PortalBudget, sharedBudgetLimits } from '../../domain/portal-budget';
import { startFake } from './fake-server';

/** A clock that only moves when the test says so, firing due timers in order. */
class ManualClock implements GovernorClock {
  private nowMs = 1_700_000_000_000;
  private timers: Array<{ at: number; fire: () => void; live: boolean }> = [];

  now(): number {
    return this.nowMs;
  }

  setTimer(ms: number, fire: () => void): () => void {
    const timer = { at: this.nowMs + ms, fire, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  }

  async advance(ms: number): Promise<void> {
    const end = this.nowMs + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.nowMs = Math.max(this.nowMs, due.at);
      due.live = false;
      due.fire();
      await settle();
    }
    this.nowMs = end;
    await settle();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function setup(limits: Partial<GovernorLimits> = {}) {
  const clock = new ManualClock();
  const governor = new Bitrix24Governor({ ...CLOUD_LIMITS, headroom: 0, ...limits }, clock);
  const admitted: string[] = [];
  const ask = (name: string, turn = 0, methods = ['crm.item.get']) =>
    void governor.acquire(methods, turn).then(() => admitted.push(name));
  return { clock, governor, admitted, ask };
}

describe('Bitrix24 governor', () => {
  test('admits a full bucket at once, then one call per 1/rate seconds', async () => {
    const { clock, admitted, ask } = setup({ bucketSize: 5, requestsPerSecond: 2 });
    for (let i = 0; i < 8; i++) ask(`c${i}`);
    await settle();
    assert.equal(admitted.length, 5);
    await clock.advance(499);
    assert.equal(admitted.length, 5);
    await clock.advance(1);
    assert.equal(admitted.length, 6);
    await clock.advance(1000);
    assert.equal(admitted.length, 8);
  });

  test('keeps headroom free: the bucket is considered full that many slots early', async () => {
    const { admitted, ask } = setup({ bucketSize: 50, headroom: 2 });
    for (let i = 0; i < 60; i++) ask(`c${i}`);
    await settle();
    assert.equal(admitted.length, 48);
  });

  test('serves waiting calls by turn, not by the order they asked', async () => {
    const { clock, admitted, ask } = setup({ bucketSize: 1 });
    ask('first', 1);
    await settle();
    ask('late-40', 40);
    ask('late-30', 30);
    ask('retry-of-2', 2);
    ask('also-30', 30);
    await clock.advance(2_000);
    assert.deepEqual(admitted, ['first', 'retry-of-2', 'late-30', 'also-30', 'late-40']);
  });

  test('a refusal fills the bucket and halves the pace, which recovers with accepted calls', async () => {
    const { clock, governor, admitted, ask } = setup({ bucketSize: 10, requestsPerSecond: 2 });
    governor.refused();
    assert.equal(governor.stats().pace, 0.5);
    ask('a');
    ask('b');
    await clock.advance(999);
    assert.deepEqual(admitted, []);
    await clock.advance(1);
    assert.deepEqual(admitted, ['a']);
    assert.equal(governor.stats().refused, 1);
    for (let i = 0; i < 10; i++) governor.observe('crm.item.get', undefined);
    assert.equal(governor.stats().pace, 1);
  });

  test('without further refusals the pace comes back with time, not only per accepted call', async () => {
    const { clock, governor, admitted, ask } = setup({ bucketSize: 50, requestsPerSecond: 2 });
    for (let i = 0; i < 4; i++) governor.refused();
    assert.equal(governor.stats().pace, 1 / 8);
    // The other application has stopped: 40 calls wait behind a bucket the governor believes full.
    for (let i = 0; i < 40; i++) ask(`c${i}`);
    await clock.advance(15_000);
    assert.equal(governor.stats().pace, 1, 'full speed 15 s after the last refusal');
    // At an eighth of the rate throughout, 40 s would admit only 10; with the pace back, most are through.
    await clock.advance(25_000);
    assert.ok(admitted.length >= 30, `admitted ${admitted.length} of 40 in 40 s`);
    // A refusal again (the other application is back) halves it again.
    governor.refused();
    assert.equal(governor.stats().pace, 0.5);
  });

  test('pauses a method near its operating limit until operating_reset_at; other methods go on', async () => {
    const { clock, governor, admitted, ask } = setup({ operatingSeconds: 480, operatingMarginSeconds: 30 });
    const resetAt = Math.floor(clock.now() / 1000) + 120;
    governor.observe('crm.item.list', { operating: 449, operating_reset_at: resetAt });
    assert.equal(governor.pausedTill('crm.item.list'), undefined);
    governor.observe('crm.item.list', { operating: 451, operating_reset_at: resetAt });
    assert.equal(governor.pausedTill('CRM.Item.List'), resetAt * 1000);
    ask('list', 1, ['crm.item.list']);
    ask('get', 2, ['crm.item.get']);
    ask('batch-with-list', 3, ['crm.item.get', 'crm.item.list']);
    await settle();
    assert.deepEqual(admitted, ['get']);
    await clock.advance(120_000);
    assert.deepEqual(admitted, ['get', 'list', 'batch-with-list']);
  });

  test('an OPERATION_TIME_LIMIT without a known reset time pauses the method for a minute', async () => {
    const { clock, governor, admitted, ask } = setup();
    governor.blocked('user.get');
    ask('user', 1, ['user.get']);
    await clock.advance(59_999);
    assert.deepEqual(admitted, []);
    await clock.advance(1);
    assert.deepEqual(admitted, ['user']);
  });

  test('the sustained rate never exceeds the portal rate: 200 calls take (200 - bucket) / rate seconds', async () => {
    const { clock, admitted, ask } = setup({ bucketSize: 50, requestsPerSecond: 2 });
    for (let i = 0; i < 200; i++) ask(`c${i}`, i);
    await settle();
    await clock.advance(74_999);
    assert.equal(admitted.length, 199);
    await clock.advance(1);
    assert.equal(admitted.length, 200);
    assert.deepEqual(
      admitted,
      Array.from({ length: 200 }, (_, i) => `c${i}`),
    );
  });
});

/** The budget workflow's logic behind a fake round trip of `rttMs` on the test clock. */
function sharedBudget(clock: ManualClock, rttMs = 30) {
  const budget = new PortalBudget(sharedBudgetLimits(2, 50), clock.now());
  const requests: LeaseRequest[] = [];
  let down = false;
  const shared: SharedBudget = {
    lease: (request) =>
      new Promise((resolve, reject) => {
        requests.push(request);
        clock.setTimer(rttMs, () =>
          down
            ? reject(new Error('budget workflow unreachable'))
            : resolve(budget.lease(request, clock.now())),
        );
      }),
  };
  return {
    shared,
    requests,
    setDown: (value: boolean) => {
      down = value;
    },
  };
}

/** Two worker processes' governors on one shared budget, each with its fixed half as the fall-back. */
function twoWorkers(rttMs = 30) {
  const clock = new ManualClock();
  const budget = sharedBudget(clock, rttMs);
  const half = { ...CLOUD_LIMITS, requestsPerSecond: 1, bucketSize: 25 };
  const sent: number[] = [];
  const workers = ['a', 'b'].map((name) => {
    const governor = new Bitrix24Governor(half, clock, { budget: budget.shared });
    const admitted: string[] = [];
    const ask = (id: string, turn = 0) =>
      void governor.acquire(['batch'], turn).then(() => {
        admitted.push(id);
        sent.push(clock.now());
      });
    return { name, governor, admitted, ask };
  });
  /** The portal's own bucket over the calls as sent: its highest level. */
  const peakLevel = () => {
    let level = 0;
    let peak = 0;
    let at = 0;
    for (const t of [...sent].sort((x, y) => x - y)) {
      level = Math.max(0, level - ((t - at) / 1000) * 2) + 1;
      at = t;
      peak = Math.max(peak, level);
    }
    return peak;
  };
  return { clock, budget, workers, sent, peakLevel };
}

describe('Bitrix24 governor on a budget shared by several workers', () => {
  test("a busy worker uses the idle one's share: 70 + 10 calls take (80 - 48) / 2 s, never over the bucket", async () => {
    const { clock, workers, peakLevel } = twoWorkers();
    const [a, b] = workers;
    for (let i = 0; i < 70; i++) a!.ask(`a${i}`, i);
    for (let i = 0; i < 10; i++) b!.ask(`b${i}`, 100 + i);
    // With fixed halves, worker a alone would need (70 - 24) / 1 = 46 s.
    await clock.advance(17_000);
    assert.equal(a!.admitted.length, 70);
    assert.equal(b!.admitted.length, 10);
    assert.ok(peakLevel() <= 50, `peak level ${peakLevel()}`);
    assert.equal(a!.governor.stats().source, 'shared');
    assert.ok(a!.governor.stats().leases >= 7, 'leases of at most 10 slots');
  });

  test('both workers with work share the rate; the order within each stays by turn', async () => {
    const { clock, workers, peakLevel, sent } = twoWorkers();
    const [a, b] = workers;
    for (let i = 0; i < 60; i++) (i % 2 === 0 ? a! : b!).ask(`c${i}`, 60 - i);
    // 48 at once, the other 12 at the portal's 2/s between both.
    await clock.advance(5_000);
    assert.ok(sent.length < 60);
    await clock.advance(1_500);
    assert.equal(sent.length, 60);
    assert.ok(peakLevel() <= 50, `peak level ${peakLevel()}`);
    assert.deepEqual(
      a!.admitted,
      [...a!.admitted].sort((x, y) => Number(y.slice(1)) - Number(x.slice(1))),
    );
  });

  test('a refusal is reported with the next lease and slows both workers down', async () => {
    const { clock, budget, workers } = twoWorkers();
    const [a, b] = workers;
    a!.governor.refused();
    a!.ask('a1');
    await clock.advance(100);
    assert.equal(budget.requests.at(-1)?.refusals, 1);
    // The bucket is full now at half pace: b's call waits about a second.
    b!.ask('b1');
    await clock.advance(500);
    assert.deepEqual(b!.admitted, []);
    await clock.advance(2000);
    assert.deepEqual(b!.admitted, ['b1']);
  });

  test('a method paused for its operating time in one worker is paused in the other after its next lease', async () => {
    const { clock, workers } = twoWorkers();
    const [a, b] = workers;
    a!.governor.blocked('crm.item.list');
    a!.ask('a1');
    await clock.advance(100);
    b!.ask('b1');
    await clock.advance(100);
    assert.notEqual(b!.governor.pausedTill('crm.item.list'), undefined);
  });

  test('an unreachable budget: each worker falls back to its fixed share, starting as spent, and leases again later', async () => {
    const clock = new ManualClock();
    const budget = sharedBudget(clock);
    const fallbacks: unknown[] = [];
    const governor = new Bitrix24Governor({ ...CLOUD_LIMITS, requestsPerSecond: 1, bucketSize: 25 }, clock, {
      budget: budget.shared,
      fallbackMs: 10_000,
      onFallback: (cause) => fallbacks.push(cause),
    });
    const admitted: number[] = [];
    budget.setDown(true);
    for (let i = 0; i < 5; i++) void governor.acquire(['batch'], i).then(() => admitted.push(clock.now()));
    await clock.advance(100);
    assert.equal(fallbacks.length, 1);
    assert.equal(governor.stats().source, 'fallback');
    assert.deepEqual(admitted, []);
    // Its share (24 slots, 1/s) is taken as full: one call per second.
    await clock.advance(1000);
    assert.equal(admitted.length, 1);
    budget.setDown(false);
    await clock.advance(10_000);
    assert.equal(governor.stats().source, 'shared');
    assert.equal(admitted.length, 5);
  });

  test('a lease that never answers times out into the fall-back', async () => {
    const clock = new ManualClock();
    const governor = new Bitrix24Governor(CLOUD_LIMITS, clock, {
      budget: { lease: () => new Promise(() => undefined) },
      leaseTimeoutMs: 5000,
    });
    let admitted = false;
    void governor.acquire(['batch']).then(() => (admitted = true));
    await clock.advance(4999);
    assert.equal(governor.stats().source, 'shared');
    await clock.advance(1);
    assert.equal(governor.stats().source, 'fallback');
    await clock.advance(2000);
    assert.equal(admitted, true);
  });
});

describe('Bitrix24 client with a governor', () => {
  const limits = { ...CLOUD_LIMITS, requestsPerSecond: 50, bucketSize: 5, headroom: 0 };

  test('a QUERY_LIMIT_EXCEEDED is waited out in place, not thrown; the governor slows down', async () => {
    const fake = await startFake((_req, i) =>
      i === 0
        ? { status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } }
        : { body: { result: [{ ID: '1' }], time: { operating: 0.1, operating_reset_at: 1 } } },
    );
    try {
      const governor = new Bitrix24Governor(limits);
      const client = new Bitrix24Client({ webhookUrl: `${fake.origin}/rest/1/t/`, governor });
      assert.deepEqual(await client.call('user.get', { ID: 1 }, z.array(z.object({ ID: z.string() }))), [
        { ID: '1' },
      ]);
      assert.equal(fake.received.length, 2);
      assert.equal(governor.stats().refused, 1);
    } finally {
      await fake.close();
    }
  });

  test("a batch reports each command's operating time under its own method", async () => {
    const resetAt = Math.floor(Date.now() / 1000) + 300;
    const fake = await startFake(() => ({
      body: {
        result: {
          result: { a: { item: {} }, b: [] },
          result_error: [],
          result_time: { a: { operating: 470, operating_reset_at: resetAt }, b: { operating: 1 } },
        },
        time: { operating: 0 },
      },
    }));
    try {
      const governor = new Bitrix24Governor(limits);
      const client = new Bitrix24Client({ webhookUrl: `${fake.origin}/rest/1/t/`, governor });
      await client.batch({
        a: 'crm.item.get?entityTypeId=1038&id=1',
        b: { method: 'user.get', params: { ID: 1 } },
      });
      assert.equal(governor.pausedTill('crm.item.get'), resetAt * 1000);
      assert.equal(governor.pausedTill('user.get'), undefined);
      assert.equal(governor.pausedTill('batch'), undefined);
    } finally {
      await fake.close();
    }
  });
});
