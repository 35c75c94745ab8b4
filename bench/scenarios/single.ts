/**
 * (a) Single-request latency: one request at a time for an existing client.
 *  - item added → posted 1C document;
 *  - 1C status changed («В работе») → Bitrix24 stage moved.
 * Requests are paced so the portal's bucket never fills: this measures the path, not the rate limit.
 */
import type { BenchStack } from '../stack';
import { createRequest, ItemUpdates, postedDocument, takeIntoWork, until } from '../portal';
import { percentile, sleep } from '../stats';

export interface SingleResult {
  requests: number;
  toDocumentMs: { p50: number; p99: number };
  toStageMs: { p50: number; p99: number };
}

/** Calls one iteration costs (read, link, stage) over the portal's drain rate (2/s), with some slack. */
const PACE_MS = 2_000;
const WARM_UP = 3;

export async function singleRequests(bench: BenchStack, count: number): Promise<SingleResult> {
  const { stack } = bench;
  const updates = new ItemUpdates(stack);
  const toDocument: number[] = [];
  const toStage: number[] = [];
  for (let i = 0; i < count + WARM_UP; i++) {
    const began = performance.now();
    const id = await createRequest(stack, `Одиночная заявка ${i + 1}`, { companyId: 1 });
    const document = await until(() => postedDocument(stack, id));
    const posted = performance.now();
    // The mirror starts once the document is linked back (the item's first update).
    await updates.nth(id, 1);
    const changed = performance.now();
    await takeIntoWork(stack, document.ref);
    const staged = await updates.nth(id, 2);
    if (i >= WARM_UP) {
      toDocument.push(posted - began);
      toStage.push(staged - changed);
    }
    await sleep(Math.max(0, PACE_MS - (performance.now() - began)));
  }
  return {
    requests: count,
    toDocumentMs: { p50: percentile(toDocument, 50), p99: percentile(toDocument, 99) },
    toStageMs: { p50: percentile(toStage, 50), p99: percentile(toStage, 99) },
  };
}
