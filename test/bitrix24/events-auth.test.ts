/**
 * Event auth as on a real portal, the sandbox default: event.* over an inbound webhook (directly or inside a
 * batch) is 403 WRONG_AUTH_TYPE; a webhook-only integration gets its events through the outgoing-webhook
 * screen (`POST /__sandbox/outgoing-webhooks`). `eventsOverWebhook: true` is the explicit lenient mode.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodePhpForm } from '../../domain/php-form';
import { faultsFor } from '../../sandbox/bitrix24/faults';
import { startEventReceiver, type EventReceiver } from './support/events-receiver';
import { startEventsSandbox, type EventsSandbox } from './support/events-sandbox';

const WRONG_AUTH = {
  error: 'WRONG_AUTH_TYPE',
  error_description: 'Current authorization type is denied for this method',
};

describe('default (strict) sandbox', () => {
  let b24: EventsSandbox;
  let receiver: EventReceiver;

  before(async () => {
    b24 = await startEventsSandbox();
    receiver = await startEventReceiver();
  });
  after(async () => {
    await b24.close();
    await receiver.close();
  });

  test('event.* over the inbound webhook answers 403 WRONG_AUTH_TYPE', async () => {
    assert.equal(b24.sandbox.options.eventsOverWebhook, false);
    const calls: Array<[string, Record<string, unknown>]> = [
      ['event.bind', { event: 'onCrmCompanyAdd', handler: receiver.url }],
      ['event.get', {}],
      ['event.unbind', { event: 'onCrmCompanyAdd', handler: receiver.url }],
      ['event.offline.get', {}],
      ['event.offline.list', {}],
    ];
    for (const [method, params] of calls) {
      const { status, body } = await b24.call(method, params);
      assert.deepEqual(
        [status, body.error, body.error_description],
        [403, WRONG_AUTH.error, WRONG_AUTH.error_description],
        method,
      );
    }
    // Other methods are unaffected.
    assert.equal((await b24.call('crm.type.list')).status, 200);
  });

  test('inside a batch the event.* command fails with WRONG_AUTH_TYPE, the others run', async () => {
    const { status, body } = await b24.call('batch', {
      halt: 0,
      cmd: {
        bind: `event.bind?event=onCrmCompanyAdd&handler=${encodeURIComponent(receiver.url)}`,
        types: 'crm.type.list',
      },
    });
    assert.equal(status, 200);
    const result = body.result as { result: Record<string, unknown>; result_error: Record<string, unknown> };
    assert.deepEqual(result.result_error, { bind: WRONG_AUTH });
    assert.ok(result.result.types, 'crm.type.list ran');
  });

  test('the outgoing-webhook route binds a handler; deliveries carry sandbox.events.applicationToken', async () => {
    const configured = await fetch(`${b24.sandbox.httpUrl}/__sandbox/outgoing-webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ handler: receiver.url, events: ['onCrmCompanyAdd'] }),
    });
    assert.equal(configured.status, 200);
    const { application_token } = (await configured.json()) as { application_token: string };
    assert.equal(application_token, b24.sandbox.events.applicationToken);
    assert.equal(application_token, b24.sandbox.options.applicationToken);

    const inspected = (await (await fetch(`${b24.sandbox.httpUrl}/__sandbox/events`)).json()) as {
      bindings: Array<{ EVENT_NAME: string; EVENT_HANDLER: string }>;
    };
    assert.deepEqual(
      inspected.bindings.map((b) => [b.EVENT_NAME, b.EVENT_HANDLER]),
      [['ONCRMCOMPANYADD', receiver.url]],
    );

    const added = await b24.call('crm.company.add', { fields: { TITLE: 'ООО Ромашка' } });
    assert.equal(added.status, 200);
    const [hit] = await receiver.waitFor(1);
    const decoded = decodePhpForm(hit?.body ?? '') as { event: string; auth: { application_token: string } };
    assert.equal(decoded.event, 'ONCRMCOMPANYADD');
    assert.equal(decoded.auth.application_token, application_token);
    await b24.sandbox.events.idle();
    assert.equal(b24.sandbox.events.deliveries.at(-1)?.status, 'delivered');
  });

  test('faults are wired: sandbox.faults is the store controller and serves /__sandbox/faults', async () => {
    assert.equal(faultsFor(b24.sandbox.store), b24.sandbox.faults);
    const url = `${b24.sandbox.httpUrl}/__sandbox/faults`;
    const saved = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 1, errorKind: '500', methods: ['crm.type.list'] }),
    });
    assert.equal(saved.status, 200);
    try {
      assert.equal((await b24.call('crm.type.list')).status, 500);
      assert.equal((await b24.call('user.current')).status, 200);
    } finally {
      await fetch(url, { method: 'DELETE' });
    }
    assert.equal((await b24.call('crm.type.list')).status, 200);
  });
});

describe('eventsOverWebhook: true (lenient)', () => {
  let b24: EventsSandbox;

  before(async () => {
    b24 = await startEventsSandbox({ eventsOverWebhook: true });
  });
  after(() => b24.close());

  test('event.bind over the inbound webhook is accepted', async () => {
    const bound = await b24.call('event.bind', {
      event: 'onCrmCompanyAdd',
      handler: 'https://example.com/h',
    });
    assert.deepEqual([bound.status, bound.body.result], [200, true]);
    const listed = await b24.call('event.get');
    assert.equal(listed.status, 200);
    assert.equal((listed.body.result as unknown[]).length, 1);
  });
});
