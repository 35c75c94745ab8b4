/**
 * The methods that ship with the events module: timeline comments, activities and to-dos, notifications,
 * users — result shapes, owner checks and the documented errors.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sentNotifications } from '../../sandbox/bitrix24/methods/notify';
import { startEventsSandbox, type EventsSandbox } from './support/events-sandbox';

let b24: EventsSandbox;
let companyId: number;
let itemId: number;

before(async () => {
  b24 = await startEventsSandbox();
  companyId = Number((await b24.call('crm.company.add', { fields: { TITLE: 'ООО «Вектор»' } })).body.result);
  const item = await b24.call('crm.item.add', {
    entityTypeId: 1038,
    fields: { title: 'Заявка на поставку' },
  });
  itemId = Number((item.body.result as { item: { id: number } }).item.id);
});
after(() => b24.close());

test('timeline comments: add/get/list/update/delete on a smart-process item and a company', async () => {
  const added = await b24.call('crm.timeline.comment.add', {
    fields: { ENTITY_ID: itemId, ENTITY_TYPE: 'dynamic_1038', COMMENT: 'Клиент подтвердил заявку' },
  });
  assert.equal(added.status, 200);
  const id = added.body.result as number;
  assert.equal(typeof id, 'number');
  await b24.call('crm.timeline.comment.add', {
    fields: { ENTITY_ID: companyId, ENTITY_TYPE: 'company', COMMENT: 'Звонили' },
  });

  const got = (await b24.call('crm.timeline.comment.get', { id })).body.result as Record<string, unknown>;
  assert.equal(got.ID, String(id));
  assert.equal(got.ENTITY_ID, String(itemId));
  assert.equal(got.ENTITY_TYPE, 'dynamic_1038');
  assert.equal(got.COMMENT, 'Клиент подтвердил заявку');
  assert.equal(got.AUTHOR_ID, '1');
  assert.match(String(got.CREATED), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/);

  const listed = await b24.call('crm.timeline.comment.list', {
    filter: { ENTITY_ID: itemId, ENTITY_TYPE: 'dynamic_1038' },
  });
  assert.deepEqual(
    (listed.body.result as Array<{ ID: string }>).map((c) => c.ID),
    [String(id)],
  );
  assert.equal(listed.body.total, 1);

  const updated = await b24.call('crm.timeline.comment.update', {
    id,
    fields: { COMMENT: 'Подтверждено письмом' },
  });
  assert.equal(updated.body.result, id);
  assert.equal(
    ((await b24.call('crm.timeline.comment.get', { id })).body.result as { COMMENT: string }).COMMENT,
    'Подтверждено письмом',
  );

  const deleted = await b24.call('crm.timeline.comment.delete', { id });
  assert.deepEqual([deleted.status, deleted.body.result], [200, null]);
  const gone = await b24.call('crm.timeline.comment.get', { id });
  assert.deepEqual([gone.status, gone.body.error, gone.body.error_description], [400, '', 'Not found.']);
});

test('timeline comments: missing owner is NOT_FOUND, empty text INVALID_ARG_VALUE', async () => {
  const missing = await b24.call('crm.timeline.comment.add', {
    fields: { ENTITY_ID: 999999, ENTITY_TYPE: 'dynamic_1038', COMMENT: 'x' },
  });
  assert.deepEqual([missing.status, missing.body.error], [400, 'NOT_FOUND']);
  const empty = await b24.call('crm.timeline.comment.add', {
    fields: { ENTITY_ID: companyId, ENTITY_TYPE: 'company', COMMENT: '  ' },
  });
  assert.deepEqual([empty.status, empty.body.error], [400, 'INVALID_ARG_VALUE']);
});

test('activities: add a call, get it, list by owner and type with COMMUNICATIONS, update, delete', async () => {
  const fields = {
    OWNER_TYPE_ID: 4,
    OWNER_ID: companyId,
    TYPE_ID: 2,
    DIRECTION: 1,
    SUBJECT: 'Входящий звонок',
    START_TIME: '2024-05-24T12:00:00+03:00',
    END_TIME: '2024-05-24T12:10:00+03:00',
    RESPONSIBLE_ID: 2,
    COMMUNICATIONS: [{ VALUE: '+79161234567', ENTITY_ID: companyId, ENTITY_TYPE_ID: 4 }],
  };
  const added = await b24.call('crm.activity.add', { fields });
  assert.equal(added.status, 200);
  const id = added.body.result as number;
  const got = (await b24.call('crm.activity.get', { id })).body.result as Record<string, unknown>;
  assert.equal(got.ID, String(id));
  assert.equal(got.TYPE_ID, '2');
  assert.equal(got.DIRECTION, '1');
  assert.equal(got.PROVIDER_TYPE_ID, 'CALL');
  assert.equal(got.RESPONSIBLE_ID, '2');
  assert.equal(got.COMPLETED, 'N');
  assert.equal(got.DEADLINE, '2024-05-24T12:00:00+03:00', 'a call takes its deadline from START_TIME');
  assert.equal(got.COMMUNICATIONS, undefined);

  await b24.call('crm.activity.add', { fields: { ...fields, TYPE_ID: 1, SUBJECT: 'Встреча' } });
  const calls = await b24.call('crm.activity.list', {
    filter: { OWNER_TYPE_ID: 4, OWNER_ID: companyId, TYPE_ID: 2 },
    select: ['ID', 'SUBJECT', 'COMMUNICATIONS'],
  });
  const rows = calls.body.result as Array<{
    ID: string;
    SUBJECT: string;
    COMMUNICATIONS: Array<{ VALUE: string; TYPE: string }>;
  }>;
  assert.deepEqual(
    rows.map((r) => r.SUBJECT),
    ['Входящий звонок'],
  );
  assert.equal(rows[0]?.COMMUNICATIONS[0]?.VALUE, '+79161234567');
  assert.equal(rows[0]?.COMMUNICATIONS[0]?.TYPE, 'PHONE');

  assert.equal((await b24.call('crm.activity.update', { id, fields: { COMPLETED: 'Y' } })).body.result, true);
  assert.equal(
    ((await b24.call('crm.activity.get', { id })).body.result as { COMPLETED: string }).COMPLETED,
    'Y',
  );
  assert.equal((await b24.call('crm.activity.delete', { id })).body.result, true);
  const gone = await b24.call('crm.activity.get', { id });
  assert.deepEqual(
    [gone.status, gone.body.error, gone.body.error_description],
    [400, '', 'Activity is not found'],
  );
});

test('activities: documented validation errors; todo.add → {id}', async () => {
  const noSubject = await b24.call('crm.activity.add', {
    fields: { OWNER_TYPE_ID: 4, OWNER_ID: companyId, TYPE_ID: 2, COMMUNICATIONS: [{ VALUE: '1' }] },
  });
  assert.deepEqual(
    [noSubject.status, noSubject.body.error_description],
    [400, 'The field SUBJECT is not defined or empty'],
  );
  const noComms = await b24.call('crm.activity.add', {
    fields: { OWNER_TYPE_ID: 4, OWNER_ID: companyId, TYPE_ID: 2, SUBJECT: 'x' },
  });
  assert.equal(noComms.body.error_description, 'The field COMMUNICATIONS is not defined or invalid');

  const todo = await b24.call('crm.activity.todo.add', {
    ownerTypeId: 1038,
    ownerId: itemId,
    deadline: '2025-02-03T15:00:00+03:00',
    title: 'Перезвонить',
    responsibleId: 3,
  });
  assert.equal(todo.status, 200);
  const todoId = (todo.body.result as { id: number }).id;
  const row = (await b24.call('crm.activity.get', { id: todoId })).body.result as Record<string, unknown>;
  assert.deepEqual(
    [row.PROVIDER_ID, row.SUBJECT, row.RESPONSIBLE_ID, row.OWNER_ID],
    ['CRM_TODO', 'Перезвонить', '3', String(itemId)],
  );
  const noOwner = await b24.call('crm.activity.todo.add', {
    ownerTypeId: 1038,
    ownerId: 999999,
    deadline: '2025-02-03T15:00:00',
  });
  assert.deepEqual([noOwner.status, noOwner.body.error], [400, 'NOT_FOUND']);
  const noDeadline = await b24.call('crm.activity.todo.add', { ownerTypeId: 1038, ownerId: itemId });
  assert.deepEqual([noDeadline.status, noDeadline.body.error], [400, '100']);
});

test('notifications: system and personal → id, readable by tests and via /__sandbox/notifications', async () => {
  const system = await b24.call('im.notify.system.add', { USER_ID: 2, MESSAGE: ' Новая заявка №5 ' });
  const personal = await b24.call('im.notify.personal.add', { USER_ID: 3, MESSAGE: 'Проверьте ИНН' });
  assert.equal(typeof system.body.result, 'number');
  assert.equal(typeof personal.body.result, 'number');
  const toMaria = sentNotifications(b24.sandbox.store, 2);
  assert.deepEqual(
    toMaria.map((n) => [n.TYPE, n.MESSAGE, n.AUTHOR_ID]),
    [['system', 'Новая заявка №5', 0]],
  );
  const viaRoute = (await (
    await fetch(`${b24.sandbox.httpUrl}/__sandbox/notifications?userId=3`)
  ).json()) as Array<{ MESSAGE: string }>;
  assert.deepEqual(
    viaRoute.map((n) => n.MESSAGE),
    ['Проверьте ИНН'],
  );
  const noUser = await b24.call('im.notify.system.add', { MESSAGE: 'x' });
  assert.deepEqual(
    [noUser.status, noUser.body.error, noUser.body.error_description],
    [400, 'USER_ID_EMPTY', "User ID can't be empty"],
  );
  const noText = await b24.call('im.notify.personal.add', { USER_ID: 2, MESSAGE: '' });
  assert.deepEqual([noText.status, noText.body.error], [400, 'MESSAGE_EMPTY']);
});

test('users: user.current is the webhook owner; user.get filters and lists the seeded employees', async () => {
  const me = (await b24.call('user.current')).body.result as Record<string, unknown>;
  assert.deepEqual([me.ID, me.NAME, me.LAST_NAME, me.ACTIVE], ['1', 'Администратор', 'Портала', true]);
  const all = await b24.call('user.get', {});
  const names = (all.body.result as Array<{ NAME: string; LAST_NAME: string }>).map(
    (u) => `${u.LAST_NAME} ${u.NAME}`,
  );
  assert.ok(names.includes('Иванова Мария') && names.includes('Петров Сергей'));
  const one = await b24.call('user.get', { filter: { ID: 3 } });
  assert.deepEqual(
    (one.body.result as Array<{ LAST_NAME: string }>).map((u) => u.LAST_NAME),
    ['Петров'],
  );
  const legacyStyle = await b24.call('user.get', { ID: 2 });
  assert.deepEqual(
    (legacyStyle.body.result as Array<{ ID: string }>).map((u) => u.ID),
    ['2'],
  );
  assert.equal(one.body.total, 1);
});
