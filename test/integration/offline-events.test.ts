/**
 * Offline events end to end (bitrix24.inbound "both"): the worker's reader workflow binds the item events as
 * offline events with the sandbox application's OAuth token (obtained by authorisation code at stack start),
 * reads the portal's queue, and hands every event to its request workflow. With the webhook working too,
 * each request still gets one document; with the receiver down (and reconciliation off), requests reach 1C
 * through the queue alone — across an access-token expiry the reader refreshes itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { offlineEventsWorkflowId } from '../../workflows/workflow-ids';
import { waitFor } from '../support/wait-for';
import { startTestStack, type TestStack } from './stack';
import { b24, createCompany, createRequestItem, documentsOf } from './systems';

let t: TestStack;
before(async () => {
  t = await startTestStack('offline-events', {
    tweak: (config) => {
      config.bitrix24.inbound = 'both';
      if (config.bitrix24.oauth) config.bitrix24.oauth.pollInterval = '1s';
    },
  });
});
after(async () => {
  await t?.close();
});

const newRequest = async (title: string) =>
  createRequestItem(t.stack, {
    title,
    companyId: await createCompany(t.stack, { title: `ООО «${title}»`, phone: '+7 900 555-40-50' }),
    description: 'Проверка очереди офлайн-событий',
  });

const allPosted = (items: number[]) =>
  waitFor(
    `posted documents for items ${items.join(', ')}`,
    async () => {
      const docs = await Promise.all(items.map((id) => documentsOf(t.stack, id)));
      return docs.every((d) => d.length >= 1 && d.every((doc) => doc.Posted)) ? docs : null;
    },
    { timeoutMs: 90_000, intervalMs: 500 },
  );

interface QueuedRow {
  EVENT_NAME: string;
  EVENT_DATA: { FIELDS: { ID: number } };
}
const queued = async () =>
  (
    (await (await fetch(`${t.stack.sandboxes.bitrix24.httpUrl}/__sandbox/events`)).json()) as {
      offline: QueuedRow[];
    }
  ).offline;

describe('offline event queue as inbound channel', { timeout: 300_000 }, () => {
  test('the reader binds the item events offline, as the application', async () => {
    const bindings = await waitFor('offline bindings', async () => {
      const rows = (
        (await (await fetch(`${t.stack.sandboxes.bitrix24.httpUrl}/__sandbox/events`)).json()) as {
          bindings: Array<{ EVENT_NAME: string; OFFLINE: boolean }>;
        }
      ).bindings.filter((b) => b.OFFLINE);
      return rows.length === 3 ? rows : null;
    });
    assert.deepEqual(bindings.map((b) => b.EVENT_NAME).sort(), [
      'ONCRMDYNAMICITEMADD',
      'ONCRMDYNAMICITEMDELETE',
      'ONCRMDYNAMICITEMUPDATE',
    ]);
    const description = await t.stack.client.workflow.getHandle(offlineEventsWorkflowId(1038)).describe();
    assert.equal(description.status.name, 'RUNNING');
  });

  test('both channels deliver the same events: one document per request, and the queue is drained', async () => {
    const items = [await newRequest('Оба канала 1'), await newRequest('Оба канала 2')];
    await t.stack.sandboxes.bitrix24.events.idle();
    const delivered = t.stack.sandboxes.bitrix24.events.deliveries.filter(
      (d) => d.event === 'ONCRMDYNAMICITEMADD' && d.status === 'delivered',
    );
    assert.ok(delivered.length >= items.length, 'the webhook got the add events');
    const docs = await allPosted(items);
    await waitFor('the offline queue drained', async () => (await queued()).length === 0, {
      timeoutMs: 30_000,
    });
    // Both channels have handed every event over by now; a second document would have appeared.
    await new Promise((r) => setTimeout(r, 3_000));
    for (const [i, id] of items.entries()) {
      assert.equal((await documentsOf(t.stack, id)).length, 1, `item ${id}: one document`);
      assert.equal(docs[i]?.length, 1);
    }
  });

  test('receiver down: requests reach 1C through the offline queue alone, across a token expiry', async () => {
    await t.stack.receiver.close();
    // The hour of the access token is over: the reader's next call answers expired_token and it refreshes.
    t.stack.sandboxes.bitrix24.expireAccessTokens();
    const items = [await newRequest('Без приёмника 1'), await newRequest('Без приёмника 2')];
    await t.stack.sandboxes.bitrix24.events.idle();
    const lost = t.stack.sandboxes.bitrix24.events.deliveries.filter(
      (d) => d.event === 'ONCRMDYNAMICITEMADD' && d.status === 'failed',
    );
    assert.ok(lost.length >= items.length, 'the webhook deliveries were lost');
    const docs = await allPosted(items);
    for (const d of docs) assert.equal(d.length, 1);
    // The number is written back to the item after the document is posted: wait for that write.
    const number = docs[0]?.[0]?.Number;
    await waitFor('the item carries its 1C number', async () => {
      const item = await b24<{ item: { ufCrm5OnecNumber: string | null } }>(t.stack, 'crm.item.get', {
        entityTypeId: 1038,
        id: items[0],
      });
      return number !== undefined && item.item.ufCrm5OnecNumber === number;
    });
  });
});
