/**
 * Offline events: the portal-side queue keeps the latest state per object, `event.offline.get` hands out a
 * process, `clear`/`error` settle it, `event.offline.list` shows everything.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodePhpForm } from '../../domain/php-form';
import { startEventReceiver } from './support/events-receiver';
import { startEventsSandbox, type EventsSandbox } from './support/events-sandbox';

let b24: EventsSandbox;

interface OfflineEvent {
  ID: string;
  TIMESTAMP_X: string;
  EVENT_NAME: string;
  EVENT_DATA: unknown;
  EVENT_ADDITIONAL: unknown;
  MESSAGE_ID: string;
}
interface OfflineAnswer {
  process_id: string | null;
  events: OfflineEvent[];
}

before(async () => {
  // Offline bindings need event.bind, which a real portal serves to applications only: opt into lenient mode.
  b24 = await startEventsSandbox({ eventsOverWebhook: true });
  await b24.call('event.bind', { event: 'onCrmDynamicItemUpdate', event_type: 'offline' });
  await b24.call('event.bind', { event: 'onCrmCompanyAdd', event_type: 'offline' });
});
after(() => b24.close());

const emit = (event: string, id: number) =>
  b24.sandbox.store.emit({ event, data: { FIELDS: { ID: id, ENTITY_TYPE_ID: 1038 } } });
const offlineGet = async (params: Record<string, unknown>) =>
  (await b24.call('event.offline.get', params)).body.result as OfflineAnswer;

test('queue, merge, get without clearing, clear by message id, error, default clear', async () => {
  emit('ONCRMDYNAMICITEMUPDATE', 5);
  emit('ONCRMDYNAMICITEMUPDATE', 6);
  emit('ONCRMDYNAMICITEMUPDATE', 5); // same object again: merges into the waiting row
  emit('ONCRMDYNAMICITEMADD', 9); // nobody bound → not queued

  const first = await offlineGet({ clear: 0, limit: 50 });
  assert.match(first.process_id ?? '', /^[0-9a-f]{32}$/);
  assert.equal(first.events.length, 2);
  const [e5, e6] = first.events;
  assert.ok(e5 && e6);
  assert.deepEqual(Object.keys(e5), [
    'ID',
    'TIMESTAMP_X',
    'EVENT_NAME',
    'EVENT_DATA',
    'EVENT_ADDITIONAL',
    'MESSAGE_ID',
  ]);
  assert.equal(e5.EVENT_NAME, 'ONCRMDYNAMICITEMUPDATE');
  assert.deepEqual(e5.EVENT_DATA, { FIELDS: { ID: 5, ENTITY_TYPE_ID: 1038 } });
  assert.match(e5.MESSAGE_ID, /^[0-9a-f]{32}$/);
  assert.match(e5.TIMESTAMP_X, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  assert.equal(typeof e5.ID, 'string');

  // Rows of a running process are not handed out again…
  assert.deepEqual((await offlineGet({ clear: 0 })).events, []);
  // …but can be re-read by process id.
  const again = await offlineGet({ clear: 0, process_id: first.process_id });
  assert.deepEqual(
    again.events.map((e) => e.ID),
    [e5.ID, e6.ID],
  );

  const cleared = await b24.call('event.offline.clear', {
    process_id: first.process_id,
    message_id: [e5.MESSAGE_ID],
  });
  assert.equal(cleared.body.result, true);
  const left = await offlineGet({ clear: 0, process_id: first.process_id });
  assert.deepEqual(
    left.events.map((e) => e.ID),
    [e6.ID],
  );

  const failed = await b24.call('event.offline.error', {
    process_id: first.process_id,
    message_id: [e6.MESSAGE_ID],
  });
  assert.equal(failed.body.result, true);
  assert.deepEqual(
    (await offlineGet({ clear: 0 })).events,
    [],
    'errored rows are not handed out as normal ones',
  );
  const errors = await offlineGet({ clear: 0, error: 1 });
  assert.deepEqual(
    errors.events.map((e) => e.ID),
    [e6.ID],
  );
  await b24.call('event.offline.clear', { process_id: errors.process_id });

  emit('ONCRMCOMPANYADD', 11);
  emit('ONCRMCOMPANYADD', 12);
  const drained = await offlineGet({});
  assert.equal(drained.process_id, null, 'with the default clear=1 there is no process to confirm');
  assert.deepEqual(
    drained.events.map((e) => e.EVENT_DATA),
    [{ FIELDS: { ID: 11, ENTITY_TYPE_ID: 1038 } }, { FIELDS: { ID: 12, ENTITY_TYPE_ID: 1038 } }],
  );
  assert.deepEqual((await offlineGet({})).events, []);
});

test('filter and limit on event.offline.get; event.offline.list pages everything with PROCESS_ID/ERROR', async () => {
  for (let id = 100; id < 104; id += 1) emit('ONCRMDYNAMICITEMUPDATE', id);
  emit('ONCRMCOMPANYADD', 200);
  const companies = await offlineGet({ clear: 0, filter: { EVENT_NAME: 'ONCRMCOMPANYADD' } });
  assert.deepEqual(
    companies.events.map((e) => e.EVENT_NAME),
    ['ONCRMCOMPANYADD'],
  );
  const two = await offlineGet({ clear: 0, limit: 2 });
  assert.equal(two.events.length, 2);

  const listed = await b24.call('event.offline.list', {});
  const rows = listed.body.result as Array<OfflineEvent & { PROCESS_ID: string; ERROR: string }>;
  assert.equal(listed.body.total, 5);
  assert.equal(rows.filter((r) => r.PROCESS_ID === companies.process_id).length, 1);
  assert.equal(rows.filter((r) => r.PROCESS_ID === '').length, 2);
  assert.ok(rows.every((r) => r.ERROR === '0'));

  const bad = await b24.call('event.offline.clear', { process_id: two.process_id, message_id: ['short'] });
  assert.deepEqual([bad.status, bad.body.error], [400, 'ERROR_ARGUMENT']);
  const noLimit = await b24.call('event.offline.get', { limit: 0 });
  assert.deepEqual([noLimit.status, noLimit.body.error], [400, 'ERROR_ARGUMENT']);
});

test('ONOFFLINEEVENT: one notice with empty data per burst, then at most one per minTimeout', async () => {
  const receiver = await startEventReceiver();
  try {
    const bound = await b24.call('event.bind', {
      event: 'onOfflineEvent',
      handler: receiver.url,
      options: { minTimeout: 1 },
    });
    assert.equal(bound.body.result, true);
    emit('ONCRMCOMPANYADD', 300);
    emit('ONCRMCOMPANYADD', 301);
    emit('ONCRMCOMPANYADD', 302);
    const [first] = await receiver.waitFor(1);
    const decoded = decodePhpForm(first?.body ?? '');
    assert.equal(decoded.event, 'ONOFFLINEEVENT');
    assert.equal(decoded.data, undefined, 'data is an empty array, which http_build_query leaves out');
    emit('ONCRMCOMPANYADD', 303);
    const [, second] = await receiver.waitFor(2, 3000);
    assert.ok((second?.at ?? 0) - (first?.at ?? 0) >= 900, 'the second notice waits for minTimeout');
    assert.equal(receiver.received.length, 2);
  } finally {
    await receiver.close();
  }
});
