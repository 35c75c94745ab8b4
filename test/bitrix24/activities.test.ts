/**
 * Conformance of `crm.activity.*` as the interactions feature uses it: a call logged on a smart-process
 * item, its bindings (`crm.activity.binding.list/add` with the documented errors) and the events
 * ONCRMACTIVITYADD/UPDATE, which carry the activity id only.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodePhpForm } from '../../domain/php-form';
import { startEventReceiver, type EventReceiver } from './support/events-receiver';
import { startEventsSandbox, type EventsSandbox } from './support/events-sandbox';

let b24: EventsSandbox;
let receiver: EventReceiver;
let companyId: number;
let itemId: number;

before(async () => {
  b24 = await startEventsSandbox();
  receiver = await startEventReceiver();
  companyId = Number((await b24.call('crm.company.add', { fields: { TITLE: 'ООО «Вектор»' } })).body.result);
  const item = await b24.call('crm.item.add', { entityTypeId: 1038, fields: { title: 'Заявка', companyId } });
  itemId = Number((item.body.result as { item: { id: number } }).item.id);
  const bound = await fetch(`${b24.sandbox.httpUrl}/__sandbox/outgoing-webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handler: receiver.url, events: ['onCrmActivityAdd', 'onCrmActivityUpdate'] }),
  });
  assert.equal(bound.status, 200);
});
after(async () => {
  await receiver.close();
  await b24.close();
});

const call = () => ({
  OWNER_TYPE_ID: 1038,
  OWNER_ID: itemId,
  TYPE_ID: 2,
  DIRECTION: 2,
  COMPLETED: 'Y',
  SUBJECT: 'Согласовали выезд',
  START_TIME: '2026-11-30T12:00:00+03:00',
  END_TIME: '2026-11-30T12:05:00+03:00',
  RESPONSIBLE_ID: 2,
  COMMUNICATIONS: [{ VALUE: '+79161234567', ENTITY_ID: companyId, ENTITY_TYPE_ID: 4 }],
});

test('a call on a smart-process item: owner is the item, the events carry only the id', async () => {
  receiver.received.length = 0;
  const id = Number((await b24.call('crm.activity.add', { fields: call() })).body.result);
  const got = (await b24.call('crm.activity.get', { id })).body.result as Record<string, unknown>;
  assert.equal(got.OWNER_TYPE_ID, '1038');
  assert.equal(got.OWNER_ID, String(itemId));
  assert.equal(got.PROVIDER_ID, 'VOXIMPLANT_CALL');
  assert.equal(got.COMPLETED, 'Y');
  assert.equal(got.START_TIME, '2026-11-30T12:00:00+03:00');
  assert.ok(!Object.keys(got).some((k) => k.startsWith('__')), 'no sandbox-internal keys');

  const listed = await b24.call('crm.activity.list', { filter: { OWNER_TYPE_ID: 1038, OWNER_ID: itemId } });
  assert.ok((listed.body.result as Array<{ ID: string }>).some((r) => r.ID === String(id)));

  await b24.call('crm.activity.update', { id, fields: { SUBJECT: 'Выезд в среду' } });
  const hits = await receiver.waitFor(2);
  const decoded = hits.map((h) => decodePhpForm(h.body));
  assert.deepEqual(
    decoded.map((d) => d.event),
    ['ONCRMACTIVITYADD', 'ONCRMACTIVITYUPDATE'],
  );
  for (const d of decoded)
    assert.deepEqual(JSON.parse(JSON.stringify(d.data)), { FIELDS: { ID: String(id) } });
});

test('bindings: the owner first, more added with binding.add, documented errors', async () => {
  const id = Number((await b24.call('crm.activity.add', { fields: call() })).body.result);
  const listed = await b24.call('crm.activity.binding.list', { activityId: id });
  assert.deepEqual(listed.body.result, [{ entityTypeId: 1038, entityId: itemId }]);

  const added = await b24.call('crm.activity.binding.add', {
    activityId: id,
    entityTypeId: 4,
    entityId: companyId,
  });
  assert.equal(added.body.result, true);
  assert.deepEqual((await b24.call('crm.activity.binding.list', { activityId: id })).body.result, [
    { entityTypeId: 1038, entityId: itemId },
    { entityTypeId: 4, entityId: companyId },
  ]);

  const twice = await b24.call('crm.activity.binding.add', {
    activityId: id,
    entityTypeId: 4,
    entityId: companyId,
  });
  assert.equal(twice.body.error, 'ACTIVITY_IS_ALREADY_BOUND');
  const noOwner = await b24.call('crm.activity.binding.add', {
    activityId: id,
    entityTypeId: 4,
    entityId: 999_999,
  });
  assert.equal(noOwner.body.error, 'OWNER_NOT_FOUND');
  const noActivity = await b24.call('crm.activity.binding.list', { activityId: 999_999 });
  assert.equal(noActivity.body.error, 'NOT_FOUND');
  const noParam = await b24.call('crm.activity.binding.list', {});
  assert.equal(noParam.body.error, '100');
});

test('a to-do (crm.activity.todo.add) is an activity of TYPE_ID 6, provider CRM_TODO', async () => {
  const todo = await b24.call('crm.activity.todo.add', {
    ownerTypeId: 1038,
    ownerId: itemId,
    deadline: '2026-12-03T15:00:00',
    title: 'Перезвонить клиенту',
  });
  const id = (todo.body.result as { id: number }).id;
  const got = (await b24.call('crm.activity.get', { id })).body.result as Record<string, unknown>;
  assert.equal(got.TYPE_ID, '6');
  assert.equal(got.PROVIDER_ID, 'CRM_TODO');
});
