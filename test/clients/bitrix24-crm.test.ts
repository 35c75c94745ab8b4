import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Bitrix24Client } from '../../activities/bitrix24/client';
import {
  addTimelineComment,
  getCompany,
  getContact,
  getItem,
  listCompanyRequisites,
  listItems,
  listStages,
  updateItem,
} from '../../activities/bitrix24/crm';
import { isBitrix24NotFound } from '../../activities/bitrix24/errors';
import {
  bindEvent,
  clearOfflineEvents,
  getOfflineEvents,
  listEventBindings,
  unbindEvent,
} from '../../activities/bitrix24/events';
import { getUser, notifyUser } from '../../activities/bitrix24/users';
import { startFake, type FakeServer, type Reply } from './fake-server';

const TIME = { start: 1716543210.12, finish: 1716543210.18, duration: 0.06, processing: 0.02, operating: 0 };
const ok = (result: unknown, extra: Record<string, unknown> = {}): Reply => ({
  body: { result, ...extra, time: TIME },
});

const ITEM = {
  id: 187,
  xmlId: null,
  title: 'Не включается кассовый аппарат',
  createdBy: 1,
  updatedBy: 1,
  createdTime: '2025-01-13T10:15:00+03:00',
  updatedTime: '2025-01-13T10:20:00+03:00',
  assignedById: 7,
  opened: 'Y',
  categoryId: 10,
  stageId: 'DT1038_10:NEW',
  previousStageId: '',
  begindate: '2025-01-13T00:00:00+03:00',
  closedate: null,
  companyId: 42,
  contactId: null,
  contactIds: [],
  opportunity: 0,
  currencyId: 'RUB',
  sourceId: 'WEB',
  sourceDescription: null,
  observers: [],
  parentId2: null,
  ufCrm5_REQUEST_TYPE: '45',
};

const COMPANY = {
  ID: '42',
  TITLE: 'ООО "Ромашка"',
  COMPANY_TYPE: 'CUSTOMER',
  DATE_CREATE: '2025-01-10T09:00:00+03:00',
  DATE_MODIFY: '2025-01-10T09:00:00+03:00',
  HAS_PHONE: 'Y',
  HAS_EMAIL: 'Y',
  PHONE: [{ ID: '34', VALUE_TYPE: 'WORK', VALUE: '+79161234567', TYPE_ID: 'PHONE' }],
  EMAIL: [{ ID: '35', VALUE_TYPE: 'WORK', VALUE: 'info@romashka.ru', TYPE_ID: 'EMAIL' }],
  UF_CRM_INN_HINT: 'x',
};

/** Per method: what the fake portal answers. Tests read back the recorded calls. */
const answers: Record<string, (params: Record<string, unknown>) => Reply> = {};
let portal: FakeServer;
let c: Bitrix24Client;

before(async () => {
  portal = await startFake((req) => {
    const method = req.url.replace(/^\/rest\/1\/t\//, '').replace(/\.json$/, '');
    const answer = answers[method];
    return answer
      ? answer(JSON.parse(req.body) as Record<string, unknown>)
      : { status: 404, body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } };
  });
  c = new Bitrix24Client({ webhookUrl: `${portal.origin}/rest/1/t/` });
});
after(() => portal.close());

/** Params of the last call of `method`. */
function lastParams(method: string): unknown {
  const call = [...portal.received].reverse().find((r) => r.url.endsWith(`/${method}.json`));
  assert.ok(call, `${method} was not called`);
  return JSON.parse(call.body);
}

describe('smart-process items', () => {
  it('getItem reads result.item and keeps user fields', async () => {
    answers['crm.item.get'] = () => ok({ item: ITEM });
    const item = await getItem(c, 1038, 187);
    assert.deepEqual(lastParams('crm.item.get'), { entityTypeId: 1038, id: 187 });
    assert.equal(item.stageId, 'DT1038_10:NEW');
    assert.equal(item.companyId, 42);
    assert.equal(item['ufCrm5_REQUEST_TYPE'], '45');
  });

  it('getItem surfaces a missing item as NOT_FOUND', async () => {
    answers['crm.item.get'] = () => ({
      status: 400,
      body: { error: 'NOT_FOUND', error_description: 'Элемент не найден' },
    });
    await assert.rejects(getItem(c, 1038, 999), (e: unknown) => isBitrix24NotFound(e));
  });

  it('updateItem sends {entityTypeId, id, fields} and returns the updated item', async () => {
    answers['crm.item.update'] = () => ok({ item: { ...ITEM, stageId: 'DT1038_10:PREPARATION' } });
    const item = await updateItem(c, 1038, 187, { stageId: 'DT1038_10:PREPARATION' });
    assert.deepEqual(lastParams('crm.item.update'), {
      entityTypeId: 1038,
      id: 187,
      fields: { stageId: 'DT1038_10:PREPARATION' },
    });
    assert.equal(item.stageId, 'DT1038_10:PREPARATION');
  });

  it('listItems pages crm.item.list via next and accepts rows with only the selected fields', async () => {
    answers['crm.item.list'] = (p) =>
      p.start === 0
        ? ok({ items: [{ id: 187, stageId: 'DT1038_10:NEW' }] }, { total: 2, next: 50 })
        : ok({ items: [{ id: 188, stageId: 'DT1038_10:NEW' }] }, { total: 2 });
    const items = await listItems(c, 1038, { '=stageId': 'DT1038_10:NEW' }, ['id', 'stageId']);
    assert.deepEqual(
      items.map((i) => i.id),
      [187, 188],
    );
    assert.deepEqual(lastParams('crm.item.list'), {
      entityTypeId: 1038,
      filter: { '=stageId': 'DT1038_10:NEW' },
      select: ['id', 'stageId'],
      order: { id: 'ASC' },
      start: 50,
    });
  });

  it('listStages asks crm.status.list for DYNAMIC_<type>_STAGE_<category>', async () => {
    answers['crm.status.list'] = () =>
      ok(
        [
          {
            ID: '101',
            ENTITY_ID: 'DYNAMIC_1038_STAGE_10',
            STATUS_ID: 'DT1038_10:NEW',
            NAME: 'Новая',
            SORT: '10',
            CATEGORY_ID: '10',
            SEMANTICS: null,
            SYSTEM: 'Y',
          },
          {
            ID: '104',
            ENTITY_ID: 'DYNAMIC_1038_STAGE_10',
            STATUS_ID: 'DT1038_10:SUCCESS',
            NAME: 'Успех',
            SORT: '60',
            CATEGORY_ID: '10',
            SEMANTICS: 'S',
            SYSTEM: 'Y',
          },
        ],
        { total: 2 },
      );
    const stages = await listStages(c, 1038, 10);
    assert.deepEqual((lastParams('crm.status.list') as { filter: unknown }).filter, {
      ENTITY_ID: 'DYNAMIC_1038_STAGE_10',
    });
    assert.deepEqual(
      stages.map((s) => [s.STATUS_ID, s.SEMANTICS]),
      [
        ['DT1038_10:NEW', null],
        ['DT1038_10:SUCCESS', 'S'],
      ],
    );
  });
});

describe('companies, contacts, requisites', () => {
  it('getCompany parses UPPER_CASE fields and PHONE/EMAIL multifields', async () => {
    answers['crm.company.get'] = () => ok(COMPANY);
    const company = await getCompany(c, 42);
    assert.deepEqual(lastParams('crm.company.get'), { id: 42 });
    assert.equal(company.TITLE, 'ООО "Ромашка"');
    assert.equal(company.PHONE?.[0]?.VALUE, '+79161234567');
    assert.equal(company.EMAIL?.[0]?.VALUE, 'info@romashka.ru');
    assert.equal(company['UF_CRM_INN_HINT'], 'x');
  });

  it('getContact parses names and multifields; legacy "Not found" becomes NOT_FOUND', async () => {
    answers['crm.contact.get'] = () =>
      ok({
        ID: '9',
        NAME: 'Мария',
        LAST_NAME: 'Иванова',
        SECOND_NAME: '',
        TYPE_ID: 'CLIENT',
        COMPANY_ID: null,
        PHONE: [{ ID: '1', VALUE_TYPE: 'MOBILE', VALUE: '+79990000000', TYPE_ID: 'PHONE' }],
      });
    const contact = await getContact(c, 9);
    assert.equal(contact.LAST_NAME, 'Иванова');
    assert.equal(contact.PHONE?.[0]?.VALUE_TYPE, 'MOBILE');
    answers['crm.contact.get'] = () => ({ status: 400, body: { error: '', error_description: 'Not found' } });
    await assert.rejects(getContact(c, 10), (e: unknown) => isBitrix24NotFound(e));
  });

  it('listCompanyRequisites filters by ENTITY_TYPE_ID 4 and the company id', async () => {
    answers['crm.requisite.list'] = () =>
      ok(
        [
          {
            ID: '3',
            ENTITY_TYPE_ID: '4',
            ENTITY_ID: '42',
            PRESET_ID: '1',
            NAME: 'Организация',
            ACTIVE: 'Y',
            RQ_INN: '7707083893',
            RQ_KPP: '770701001',
            RQ_OGRN: '',
            RQ_COMPANY_NAME: 'Ромашка',
            RQ_COMPANY_FULL_NAME: 'ООО "Ромашка"',
          },
        ],
        { total: 1 },
      );
    const requisites = await listCompanyRequisites(c, 42);
    assert.deepEqual((lastParams('crm.requisite.list') as { filter: unknown }).filter, {
      ENTITY_TYPE_ID: 4,
      ENTITY_ID: 42,
    });
    assert.equal(requisites[0]?.RQ_INN, '7707083893');
  });
});

describe('timeline, notifications, users', () => {
  it('addTimelineComment sends fields {ENTITY_ID, ENTITY_TYPE, COMMENT} and returns the id', async () => {
    answers['crm.timeline.comment.add'] = () => ok(77);
    const id = await addTimelineComment(c, {
      entityType: 'dynamic_1038',
      entityId: 187,
      comment: 'Создан документ',
    });
    assert.equal(id, 77);
    assert.deepEqual(lastParams('crm.timeline.comment.add'), {
      fields: { ENTITY_ID: 187, ENTITY_TYPE: 'dynamic_1038', COMMENT: 'Создан документ' },
    });
  });

  it('notifyUser calls im.notify.system.add {USER_ID, MESSAGE}', async () => {
    answers['im.notify.system.add'] = () => ok(12);
    assert.equal(await notifyUser(c, 7, 'Нет ИНН'), 12);
    assert.deepEqual(lastParams('im.notify.system.add'), { USER_ID: 7, MESSAGE: 'Нет ИНН' });
  });

  it('getUser returns the first user of user.get {ID} or undefined', async () => {
    answers['user.get'] = () =>
      ok([{ ID: '7', NAME: 'Мария', LAST_NAME: 'Иванова', EMAIL: 'm@x.ru', ACTIVE: true }], { total: 1 });
    assert.equal((await getUser(c, 7))?.LAST_NAME, 'Иванова');
    assert.deepEqual(lastParams('user.get'), { ID: 7 });
    answers['user.get'] = () => ok([], { total: 0 });
    assert.equal(await getUser(c, 8), undefined);
  });
});

describe('events', () => {
  it('binds, lists and unbinds handlers with the documented parameter names', async () => {
    answers['event.bind'] = () => ok(true);
    answers['event.get'] = () =>
      ok([{ event: 'ONCRMDYNAMICITEMUPDATE', handler: 'https://h/b24', auth_type: '0', offline: 0 }]);
    answers['event.unbind'] = () => ok({ count: 1 });
    assert.equal(await bindEvent(c, 'onCrmDynamicItemUpdate', 'https://h/b24', 'online'), true);
    assert.deepEqual(lastParams('event.bind'), {
      event: 'onCrmDynamicItemUpdate',
      handler: 'https://h/b24',
      event_type: 'online',
    });
    const bindings = await listEventBindings(c);
    assert.equal(bindings[0]?.event, 'ONCRMDYNAMICITEMUPDATE');
    assert.equal(bindings[0]?.offline, 0);
    assert.equal(await unbindEvent(c, 'onCrmDynamicItemUpdate', 'https://h/b24', 'online'), 1);
  });

  it('polls offline events without clearing, then clears by message id', async () => {
    answers['event.offline.get'] = () =>
      ok({
        process_id: 'p1',
        events: [
          {
            ID: '1',
            TIMESTAMP_X: '2024-07-18T12:32:31+02:00',
            EVENT_NAME: 'ONCRMDYNAMICITEMADD',
            EVENT_DATA: { FIELDS: { ID: 187, ENTITY_TYPE_ID: 1038 } },
            EVENT_ADDITIONAL: { user_id: '1' },
            MESSAGE_ID: 'm1',
          },
        ],
      });
    answers['event.offline.clear'] = () => ok(true);
    const batch = await getOfflineEvents(c);
    assert.deepEqual(lastParams('event.offline.get'), { clear: 0, limit: 50 });
    assert.equal(batch.process_id, 'p1');
    assert.deepEqual(batch.events[0]?.EVENT_DATA, { FIELDS: { ID: 187, ENTITY_TYPE_ID: 1038 } });
    assert.equal(await clearOfflineEvents(c, 'p1', ['m1']), true);
    assert.deepEqual(lastParams('event.offline.clear'), { process_id: 'p1', message_id: ['m1'] });
  });
});
