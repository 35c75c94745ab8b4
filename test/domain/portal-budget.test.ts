import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PortalBucket } from '../../domain/portal-bucket';
import { budgetHeadroom, PortalBudget, sharedBudgetLimits } from '../../domain/portal-budget';

const T0 = 1_700_000_000_000;

describe('portal bucket', () => {
  test('hands out the capacity at once, then one slot per 1/rate seconds, ahead of now', () => {
    const bucket = new PortalBucket({ requestsPerSecond: 2, capacity: 3 }, T0);
    const slots = Array.from({ length: 6 }, () => bucket.reserve(T0));
    assert.deepEqual(
      slots.map((t) => t - T0),
      [0, 0, 0, 500, 1000, 1500],
    );
    // Reserved ahead: a later ask gets the next free time, not an earlier one.
    assert.equal(bucket.nextSlot(T0 + 100) - T0, 2000);
    assert.equal(bucket.nextSlot(T0 + 10_000), T0 + 10_000);
  });

  test('a refusal fills it and halves the rate; accepted calls bring the pace back', () => {
    const bucket = new PortalBucket({ requestsPerSecond: 2, capacity: 10 }, T0);
    bucket.refused(T0);
    assert.equal(bucket.currentPace, 0.5);
    assert.equal(bucket.nextSlot(T0) - T0, 1000);
    for (let i = 0; i < 10; i++) bucket.accepted(T0);
    assert.equal(bucket.currentPace, 1);
  });

  test('its state carries over (continue-as-new)', () => {
    const bucket = new PortalBucket({ requestsPerSecond: 2, capacity: 5 }, T0);
    for (let i = 0; i < 7; i++) bucket.reserve(T0);
    const copy = new PortalBucket({ requestsPerSecond: 2, capacity: 5 }, T0 + 10, bucket.state(T0 + 10));
    assert.equal(copy.nextSlot(T0 + 10), bucket.nextSlot(T0 + 10));
  });
});

describe('portal budget (shared by the workers)', () => {
  const limits = { ...sharedBudgetLimits(2, 50) };

  test('keeps enough headroom for calls leaving up to validFor after their slot', () => {
    assert.equal(limits.headroom, budgetHeadroom(2, limits.validForMs));
    assert.equal(budgetHeadroom(2, 500), 2);
    assert.equal(budgetHeadroom(5, 500), 4);
  });

  test('grants at most maxLease slots, and beyond the first only within the horizon', () => {
    const budget = new PortalBudget(limits, T0);
    const first = budget.lease({ count: 100, refusals: 0, pauses: {} }, T0);
    assert.equal(first.slots.length, limits.maxLease);
    assert.ok(first.slots.every((t) => t === T0));
    // Drain the rest of the bucket, then slots come spaced at the rate and only 2 s ahead.
    for (let i = 0; i < 3; i++) budget.lease({ count: 10, refusals: 0, pauses: {} }, T0);
    budget.lease({ count: 8, refusals: 0, pauses: {} }, T0);
    const full = budget.lease({ count: 10, refusals: 0, pauses: {} }, T0);
    assert.deepEqual(
      full.slots.map((t) => t - T0),
      [500, 1000, 1500, 2000],
    );
    // A worker asking when even the first slot lies beyond the horizon still gets that one to wait for.
    const late = budget.lease({ count: 3, refusals: 0, pauses: {} }, T0);
    assert.deepEqual(
      late.slots.map((t) => t - T0),
      [2500],
    );
  });

  test('two workers asking in turn share the rate; the slots never overflow the bucket', () => {
    const budget = new PortalBudget(limits, T0);
    const slots: number[] = [];
    let now = T0;
    const held = { a: [] as number[], b: [] as number[] };
    while (slots.length < 200) {
      for (const worker of ['a', 'b'] as const) {
        // A worker asks again only when it has used what it holds.
        held[worker] = held[worker].filter((t) => t > now);
        if (held[worker].length > 0) continue;
        const grant = budget.lease({ count: worker === 'a' ? 10 : 3, refusals: 0, pauses: {} }, now);
        held[worker] = grant.slots;
        slots.push(...grant.slots);
      }
      now += 50;
    }
    slots.sort((x, y) => x - y);
    let level = 0;
    let at = T0;
    for (const t of slots) {
      level = Math.max(0, level - ((t - at) / 1000) * 2) + 1;
      at = t;
      assert.ok(level <= 50 - limits.headroom + 1e-9, `level ${level} at +${t - T0} ms`);
    }
  });

  test('refusals reported by one worker slow everyone; pauses are merged and expire', () => {
    const budget = new PortalBudget(limits, T0);
    const paused = budget.lease(
      { count: 0, refusals: 1, pauses: { 'crm.item.list': T0 + 60_000, 'user.get': T0 - 1 } },
      T0,
    );
    assert.deepEqual(paused.pauses, { 'crm.item.list': T0 + 60_000 });
    const next = budget.lease({ count: 1, refusals: 0, pauses: {} }, T0);
    // The refusal filled the bucket and halved the rate: the next slot is a whole second away.
    assert.equal(next.slots[0]! - T0, 1000);
    assert.deepEqual(budget.lease({ count: 0, refusals: 0, pauses: {} }, T0 + 60_000).pauses, {});
  });

  test('its state survives a continue-as-new', () => {
    const budget = new PortalBudget(limits, T0);
    for (let i = 0; i < 6; i++)
      budget.lease({ count: 10, refusals: 0, pauses: { 'crm.item.list': T0 + 5000 } }, T0);
    const state = budget.state(T0 + 100);
    const next = new PortalBudget(limits, T0 + 100, state);
    assert.deepEqual(
      next.lease({ count: 1, refusals: 0, pauses: {} }, T0 + 100),
      budget.lease({ count: 1, refusals: 0, pauses: {} }, T0 + 100),
    );
    // 48 at once, then four more within the 2 s horizon.
    assert.equal(state.granted, 52);
  });
});
