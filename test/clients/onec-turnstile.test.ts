import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Turnstile } from '../../activities/onec/turnstile';

describe('1C turnstile', () => {
  test('runs at most `limit` at a time and lets the waiting ones in by turn', async () => {
    const turnstile = new Turnstile(2);
    const releases: Array<() => void> = [];
    const order: number[] = [];
    let running = 0;
    let peak = 0;
    const job = (turn: number) =>
      turnstile.run(turn, async () => {
        order.push(turn);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((release) => releases.push(release));
        running -= 1;
      });
    const all = [job(5), job(9), job(40), job(7), job(12), job(7)];
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, [5, 9]);
    assert.equal(turnstile.waiting, 4);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    assert.deepEqual(order, [5, 9, 7, 7, 12, 40]);
    assert.equal(peak, 2);
  });

  test('a failing job frees its place', async () => {
    const turnstile = new Turnstile(1);
    await assert.rejects(
      turnstile.run(1, async () => {
        throw new Error('1C down');
      }),
      /1C down/,
    );
    assert.equal(await turnstile.run(2, async () => 'next'), 'next');
  });
});
