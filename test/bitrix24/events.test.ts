/**
 * Outbound events: event.bind/get/unbind with the portal's checks, and online delivery — a form-encoded POST
 * byte-for-byte like PHP's http_build_query, with the auth block, sent asynchronously and never retried.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { decodePhpForm } from '../../domain/php-form';
import { startEventReceiver, type EventReceiver } from './support/events-receiver';
import { startEventsSandbox, type EventsSandbox } from './support/events-sandbox';

let b24: EventsSandbox;
let receiver: EventReceiver;

before(async () => {
  // These tests exercise event.bind/get/unbind themselves, so they opt into the lenient mode (a real portal
  // only serves event.* to applications; see events-auth.test.ts for the default).
  b24 = await startEventsSandbox({ eventsOverWebhook: true });
  receiver = await startEventReceiver();
});
after(async () => {
  await b24.close();
  await receiver.close();
});
beforeEach(async () => {
  // Each test starts with no bindings and a handler that answers 200.
  for (const row of (await b24.call('event.get')).body.result as Array<{
    event: string;
    handler?: string;
    offline: number;
  }>) {
    await b24.call('event.unbind', {
      event: row.event,
      handler: row.handler ?? '',
      event_type: row.offline ? 'offline' : 'online',
    });
  }
  receiver.received.length = 0;
  receiver.respondWith(200);
  b24.faults.reset();
});

test('event.bind → true; event.get lists it; a second identical bind is ERROR_CORE', async () => {
  const bound = await b24.call('event.bind', { event: 'onCrmDynamicItemUpdate', handler: receiver.url });
  assert.deepEqual([bound.status, bound.body.result], [200, true]);
  const listed = await b24.call('event.get');
  assert.deepEqual(listed.body.result, [
    { event: 'ONCRMDYNAMICITEMUPDATE', handler: receiver.url, auth_type: '0', offline: 0 },
  ]);
  const again = await b24.call('event.bind', { event: 'ONCRMDYNAMICITEMUPDATE', handler: receiver.url });
  assert.equal(again.status, 400);
  assert.equal(again.body.error, 'ERROR_CORE');
  assert.equal(again.body.error_description, 'Unable to set event handler: Handler already binded');
});

test('event.bind rejects unknown events, bad handler URLs and missing arguments as documented', async () => {
  const cases: Array<[Record<string, unknown>, number, string, string]> = [
    [{ event: 'onNoSuchThing', handler: receiver.url }, 400, 'ERROR_EVENT_NOT_FOUND', 'Event not found'],
    [
      { event: 'onCrmCompanyAdd', handler: 'http://localhost:1/x' },
      400,
      'ERROR_WRONG_HANDLER_URL',
      'Wrong handler URL',
    ],
    [
      { event: 'onCrmCompanyAdd', handler: 'ftp://example.com/x' },
      400,
      'ERROR_UNSUPPORTED_PROTOCOL',
      'Unsupported handler protocol',
    ],
    [{ event: 'onCrmCompanyAdd' }, 400, 'ERROR_ARGUMENT', "Argument 'HANDLER' is null or empty"],
    [{ handler: receiver.url }, 400, 'ERROR_ARGUMENT', "Argument 'EVENT' is null or empty"],
    [
      { event: 'onCrmCompanyAdd', handler: receiver.url, event_type: 'sometimes' },
      400,
      'ERROR_ARGUMENT',
      'Value must be one of {online|offline}',
    ],
    [
      { event: 'onOfflineEvent', event_type: 'offline' },
      400,
      'ERROR_ARGUMENT',
      'Offline event cannot be registered for this event.',
    ],
  ];
  for (const [params, status, error, description] of cases) {
    const { status: got, body } = await b24.call('event.bind', params);
    assert.deepEqual(
      [got, body.error, body.error_description],
      [status, error, description],
      JSON.stringify(params),
    );
  }
});

test('event.unbind → {count}; offline bindings show as {event, connector_id, offline: 1}', async () => {
  await b24.call('event.bind', { event: 'onCrmCompanyAdd', handler: receiver.url });
  await b24.call('event.bind', { event: 'onCrmCompanyAdd', handler: receiver.url, auth_type: 2 });
  await b24.call('event.bind', { event: 'onCrmCompanyUpdate', event_type: 'offline' });
  const listed = (await b24.call('event.get')).body.result;
  assert.deepEqual(listed, [
    { event: 'ONCRMCOMPANYADD', handler: receiver.url, auth_type: '0', offline: 0 },
    { event: 'ONCRMCOMPANYADD', handler: receiver.url, auth_type: '2', offline: 0 },
    { event: 'ONCRMCOMPANYUPDATE', connector_id: '', offline: 1 },
  ]);
  const onlyUser2 = await b24.call('event.unbind', {
    event: 'onCrmCompanyAdd',
    handler: receiver.url,
    auth_type: 2,
  });
  assert.deepEqual(onlyUser2.body.result, { count: 1 });
  const rest = await b24.call('event.unbind', { event: 'onCrmCompanyAdd', handler: receiver.url });
  assert.deepEqual(rest.body.result, { count: 1 });
  const offline = await b24.call('event.unbind', { event: 'onCrmCompanyUpdate', event_type: 'offline' });
  assert.deepEqual(offline.body.result, { count: 1 });
  assert.deepEqual((await b24.call('event.get')).body.result, []);
});

test('delivery is a PHP http_build_query form POST: event, event_handler_id, data, ts, auth', async () => {
  await b24.call('event.bind', { event: 'onCrmDynamicItemUpdate', handler: receiver.url });
  const handlerId = (b24.sandbox.store.table('eventBindings').all()[0] as { ID: number }).ID;
  const before = Math.floor(Date.now() / 1000);
  b24.sandbox.store.emit({
    event: 'ONCRMDYNAMICITEMUPDATE',
    data: { FIELDS: { ID: 5, ENTITY_TYPE_ID: 1038 } },
  });
  const [hit] = await receiver.waitFor(1);
  assert.ok(hit);
  assert.equal(hit.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(hit.headers['user-agent'], 'Bitrix24 Webhook Engine');
  const ts = /&ts=(\d+)&/.exec(hit.body)?.[1];
  assert.ok(ts && Number(ts) >= before && Number(ts) <= before + 5);
  const host = new URL(b24.sandbox.httpUrl).host;
  const enc = encodeURIComponent;
  assert.equal(
    hit.body,
    `event=ONCRMDYNAMICITEMUPDATE&event_handler_id=${handlerId}` +
      '&data%5BFIELDS%5D%5BID%5D=5&data%5BFIELDS%5D%5BENTITY_TYPE_ID%5D=1038' +
      `&ts=${ts}` +
      `&auth%5Bdomain%5D=${enc(b24.sandbox.options.domain)}` +
      `&auth%5Bclient_endpoint%5D=${enc(`http://${host}/rest/`)}` +
      `&auth%5Bserver_endpoint%5D=${enc('https://oauth.bitrix.info/rest/')}` +
      `&auth%5Bmember_id%5D=${b24.hub.memberId}` +
      `&auth%5Bapplication_token%5D=${enc(b24.sandbox.options.applicationToken)}`,
  );
  const decoded = decodePhpForm(hit.body);
  assert.deepEqual(JSON.parse(JSON.stringify(decoded.data)), { FIELDS: { ID: '5', ENTITY_TYPE_ID: '1038' } });
  assert.equal((decoded.auth as Record<string, unknown>).application_token, b24.hub.applicationToken);
});

test('REST writes raise events asynchronously: the call answers while the handler still hangs', async () => {
  receiver.respondWith('hang');
  await b24.call('event.bind', { event: 'onCrmActivityAdd', handler: receiver.url });
  const company = await b24.call('crm.company.add', { fields: { TITLE: 'ООО «Ромашка»' } });
  const companyId = Number(company.body.result);
  const started = Date.now();
  const added = await b24.call('crm.activity.add', {
    fields: {
      OWNER_TYPE_ID: 4,
      OWNER_ID: companyId,
      TYPE_ID: 2,
      SUBJECT: 'Звонок',
      DIRECTION: 2,
      COMMUNICATIONS: [{ VALUE: '+79161234567', ENTITY_ID: companyId, ENTITY_TYPE_ID: 4 }],
    },
  });
  assert.equal(added.status, 200);
  assert.ok(Date.now() - started < 500, 'the REST answer must not wait for the handler');
  const [hit] = await receiver.waitFor(1);
  assert.deepEqual(JSON.parse(JSON.stringify(decodePhpForm(hit?.body ?? '').data)), {
    FIELDS: { ID: String(added.body.result) },
  });
  receiver.respondWith(200);
});

test('a handler that is down loses the event: one attempt, no retry, a log line', async () => {
  const dead = await startEventReceiver();
  const deadUrl = dead.url;
  await dead.close();
  await b24.call('event.bind', { event: 'onCrmCompanyDelete', handler: deadUrl });
  await b24.call('event.bind', { event: 'onCrmCompanyDelete', handler: receiver.url });
  receiver.respondWith(500);
  b24.sandbox.store.emit({ event: 'ONCRMCOMPANYDELETE', data: { FIELDS: { ID: 77 } } });
  await b24.hub.idle();
  await new Promise((r) => setTimeout(r, 200));
  const mine = b24.hub.deliveries.filter((d) => d.event === 'ONCRMCOMPANYDELETE');
  assert.deepEqual(
    mine.map((d) => [d.handler, d.status]).sort(),
    [
      [deadUrl, 'failed'],
      [receiver.url, 'failed'],
    ].sort(),
  );
  assert.equal(receiver.received.length, 1, 'a 500 from the handler is not retried');
  assert.ok(b24.log.some((line) => line.includes('ONCRMCOMPANYDELETE') && line.includes(deadUrl)));
});

test('outgoing webhook (portal UI) binds handlers without event.bind; crm.item.update is delivered', async () => {
  const configured = await fetch(`${b24.sandbox.httpUrl}/__sandbox/outgoing-webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handler: receiver.url, events: ['onCrmDynamicItemUpdate'] }),
  });
  assert.equal(configured.status, 200);
  assert.deepEqual(await configured.json(), { application_token: b24.sandbox.options.applicationToken });
  const created = await b24.call('crm.item.add', { entityTypeId: 1038, fields: { title: 'Заявка' } });
  const id = (created.body.result as { item: { id: number } }).item.id;
  await b24.call('crm.item.update', { entityTypeId: 1038, id, fields: { title: 'Заявка (изм.)' } });
  const [hit] = await receiver.waitFor(1);
  const decoded = decodePhpForm(hit?.body ?? '');
  assert.equal(decoded.event, 'ONCRMDYNAMICITEMUPDATE');
  assert.deepEqual(JSON.parse(JSON.stringify(decoded.data)), {
    FIELDS: { ID: String(id), ENTITY_TYPE_ID: '1038' },
  });
  const bad = await fetch(`${b24.sandbox.httpUrl}/__sandbox/outgoing-webhooks`, {
    method: 'POST',
    body: JSON.stringify({ handler: receiver.url, events: ['onNothing'] }),
  });
  assert.equal(bad.status, 400);
});
