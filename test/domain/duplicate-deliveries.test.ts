import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  collapseDeliveries,
  type Delivery,
  MAX_REMEMBERED_DELIVERIES,
  newEvents,
} from '../../domain/duplicate-deliveries';

const update = (ts: number, handler?: number): Delivery => ({
  event: 'update',
  ts,
  ...(handler === undefined ? {} : { handler }),
});

describe('one Bitrix24 event delivered to several handlers', () => {
  test('the same event at two handlers is one event', () => {
    assert.deepEqual(collapseDeliveries([update(100, 1), update(100, 2)]), [update(100, 1)]);
  });

  test('two events in one second, each at both handlers, stay two, whatever the order', () => {
    const deliveries = [update(100, 2), update(100, 1), update(100, 1), update(100, 2)];
    assert.deepEqual(collapseDeliveries(deliveries), [update(100, 2), update(100, 1)]);
  });

  test('two events in one second at one handler are two events', () => {
    assert.equal(collapseDeliveries([update(100, 1), update(100, 1)]).length, 2);
  });

  test('different seconds or different event names are never merged', () => {
    const add: Delivery = { event: 'add', ts: 100, handler: 2 };
    assert.deepEqual(collapseDeliveries([update(100, 1), update(101, 2), add]), [
      update(100, 1),
      update(101, 2),
      add,
    ]);
  });

  test('deliveries without a handler id (reconciliation, old receivers) are all kept', () => {
    assert.equal(collapseDeliveries([update(0), update(0), update(100), update(100, 1)]).length, 4);
  });

  test('a dropped delivery at one handler loses nothing the other handler received', () => {
    // Handler 1 got both events of the second, handler 2 only the second one.
    assert.equal(collapseDeliveries([update(100, 1), update(100, 2), update(100, 1)]).length, 2);
  });
});

describe('copies arriving in different batches', () => {
  test('a copy arriving after its event was handled is not an event again', () => {
    const first = newEvents([], [update(100, 1)]);
    assert.deepEqual(first.fresh, [update(100, 1)]);
    const second = newEvents(first.remembered, [update(100, 2)]);
    assert.deepEqual(second.fresh, []);
    // A second event in the same second, at the first handler again, is news.
    assert.deepEqual(newEvents(second.remembered, [update(100, 1)]).fresh, [update(100, 1)]);
  });

  test('the window is bounded and holds only deliveries with a handler id', () => {
    let remembered: Delivery[] = [];
    for (let ts = 0; ts < 100; ts++)
      remembered = newEvents(remembered, [update(ts, 1), update(ts)]).remembered;
    assert.equal(remembered.length, MAX_REMEMBERED_DELIVERIES);
    assert.ok(remembered.every((d) => d.handler === 1));
  });
});
