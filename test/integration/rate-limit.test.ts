/**
 * A burst of requests against a portal that enforces its REST limits: the governor keeps every call within
 * them (no QUERY_LIMIT_EXCEEDED), each request costs at most three calls, and requests are linked back in
 * the order they arrived. The portal is made small (bucket 10, 5 requests/s) so twenty requests overflow it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../support/wait-for';
import { createRequestItemInUi, documentsOf, firstUpdateOrder, portalStats } from './systems';
import { startTestStack, type TestStack } from './stack';

const LIMITS = { requestsPerSecond: 5, bucketSize: 10 };
const BURST = 20;
/** Clients in turn: a company known to 1C by INN, a new supplier company, a contact without a company. */
const CLIENTS = [{ companyId: 1 }, { companyId: 2 }, { contactId: 2 }];

let t: TestStack;
before(async () => {
  t = await startTestStack('rate-limit', {
    sandboxEnv: { B24_SANDBOX_RATE_LIMIT: 'on' },
    tweak: (config) => {
      config.bitrix24.limits = LIMITS;
    },
  });
  t.stack.sandboxes.bitrix24.setRateLimit({
    enabled: true,
    ratePerSecond: LIMITS.requestsPerSecond,
    bucketSize: LIMITS.bucketSize,
  });
});
after(async () => {
  await t?.close();
});

/** Pairs (i, j) with i arriving before j but linked after it. */
function inversions(order: number[]): number {
  let count = 0;
  for (let i = 0; i < order.length; i++)
    for (let j = i + 1; j < order.length; j++) if (order[i]! > order[j]!) count++;
  return count;
}

describe('a burst against the rate-limited portal', { timeout: 180_000 }, () => {
  test('finishes with no refused call, at most 3 calls a request, in arrival order', async () => {
    // One request per client first, so every request of the burst takes the same path (counterparty known).
    const warmUp: number[] = [];
    for (const client of CLIENTS)
      warmUp.push(await createRequestItemInUi(t.stack, { title: 'Первая', ...client }));
    await waitFor(
      'warm-up linked',
      async () => {
        const linked = await firstUpdateOrder(t.stack);
        return warmUp.every((id) => linked.includes(id)) ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    // Let the portal's bucket (and the governor's mirror of it) drain.
    await new Promise((r) => setTimeout(r, (2 * warmUp.length * 1000) / LIMITS.requestsPerSecond));
    await portalStats(t.stack, true);

    const ids: number[] = [];
    for (let i = 0; i < BURST; i++) {
      ids.push(await createRequestItemInUi(t.stack, { title: `Заявка ${i + 1}`, ...CLIENTS[i % 3] }));
    }
    await waitFor(
      'every request linked back',
      async () => {
        const linked = await firstUpdateOrder(t.stack);
        return ids.every((id) => linked.includes(id)) ? linked : undefined;
      },
      { timeoutMs: 120_000 },
    );
    for (const id of ids) assert.equal((await documentsOf(t.stack, id)).filter((d) => d.Posted).length, 1);

    const stats = await portalStats(t.stack);
    assert.deepEqual(stats.refused, {}, 'no call refused by the portal');
    assert.ok(
      stats.requests > LIMITS.bucketSize,
      `the burst overflowed the bucket (${stats.requests} calls)`,
    );
    assert.ok(stats.requests <= 3 * BURST, `${stats.requests} calls for ${BURST} requests`);

    // First come, first served: linked back in arrival order but for neighbours that ran side by side — at
    // most a fifth of all pairs swapped, where an order that ignored arrival would swap about half.
    const order = (await firstUpdateOrder(t.stack)).filter((id) => ids.includes(id));
    const pairs = (BURST * (BURST - 1)) / 2;
    assert.ok(inversions(order) <= pairs / 5, `linked in the order ${order.join(', ')}`);
  });
});
