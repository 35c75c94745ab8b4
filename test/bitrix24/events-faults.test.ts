/**
 * Event faults from the fault controller: dropped, duplicated, reordered and delayed deliveries.
 * Seeded, so the same settings always give the same run.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { decodePhpForm } from '../../domain/php-form';
import { startEventReceiver, type EventReceiver } from './support/events-receiver';
import { startEventsSandbox, type EventsSandbox } from './support/events-sandbox';

let b24: EventsSandbox;
let receiver: EventReceiver;

before(async () => {
  b24 = await startEventsSandbox();
  receiver = await startEventReceiver();
  // The portal refuses event.bind over an inbound webhook; the handler is configured the UI way instead.
  const configured = await fetch(`${b24.sandbox.httpUrl}/__sandbox/outgoing-webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handler: receiver.url, events: ['onCrmContactUpdate'] }),
  });
  assert.equal(configured.status, 200);
});
after(async () => {
  await b24.close();
  await receiver.close();
});
beforeEach(() => {
  receiver.received.length = 0;
});

const emitContacts = (ids: number[]) =>
  ids.forEach((id) => b24.sandbox.store.emit({ event: 'ONCRMCONTACTUPDATE', data: { FIELDS: { ID: id } } }));
const receivedIds = () =>
  receiver.received.map((r) => Number((decodePhpForm(r.body).data as { FIELDS: { ID: string } }).FIELDS.ID));

test('drop: the event never leaves the portal and is logged as lost', async () => {
  b24.faults.set({ seed: 1, events: { drop: 1 } });
  emitContacts([1, 2]);
  await b24.hub.idle();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(receiver.received.length, 0);
  assert.equal(b24.hub.deliveries.filter((d) => d.status === 'dropped').length, 2);
  assert.ok(b24.log.some((l) => l.includes('dropped by fault injection')));
});

test('duplicate: the same body arrives twice', async () => {
  b24.faults.set({ seed: 2, events: { duplicate: 1 } });
  emitContacts([3]);
  const [a, b] = await receiver.waitFor(2);
  assert.equal(a?.body, b?.body);
  assert.deepEqual(receivedIds(), [3, 3]);
});

test('reorder: a window of events arrives complete but out of order, the same way for the same seed', async () => {
  const run = async () => {
    receiver.received.length = 0;
    b24.faults.set({ seed: 7, events: { reorder: 4 } });
    emitContacts([10, 11, 12, 13]);
    await receiver.waitFor(4);
    return receivedIds();
  };
  const first = await run();
  assert.deepEqual([...first].sort(), [10, 11, 12, 13]);
  assert.notDeepEqual(first, [10, 11, 12, 13]);
  assert.deepEqual(await run(), first);
});

test('delayMs: delivery waits at least that long; without faults order is preserved', async () => {
  b24.faults.set({ events: { delayMs: 300 } });
  const started = Date.now();
  emitContacts([20]);
  const [hit] = await receiver.waitFor(1);
  assert.ok((hit?.at ?? 0) - started >= 290);
  receiver.received.length = 0;
  b24.faults.reset();
  emitContacts([30, 31, 32, 33, 34]);
  await receiver.waitFor(5);
  assert.deepEqual(receivedIds(), [30, 31, 32, 33, 34]);
});
