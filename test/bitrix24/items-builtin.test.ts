import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PortalEvent } from '../../sandbox/bitrix24/store';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { call, result, startTestSandbox } from './harness';

type Item = Record<string, unknown> & { id: number };

describe('crm.item.* for the built-in types: one store, two views', () => {
  let sandbox: Bitrix24Sandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.close());

  test('a company (4) reads in camelCase with the data crm.company.get shows', async () => {
    const id = await result<number>(sandbox, 'crm.company.add', {
      fields: {
        TITLE: 'ООО "Две стороны"',
        COMPANY_TYPE: 'SUPPLIER',
        ASSIGNED_BY_ID: 2,
        PHONE: [{ VALUE: '+7 900 111-22-33', VALUE_TYPE: 'WORK' }],
        EMAIL: [{ VALUE: 'two@views.ru', VALUE_TYPE: 'WORK' }],
      },
    });
    const legacy = await result<Record<string, unknown>>(sandbox, 'crm.company.get', { id });
    const { item } = await result<{ item: Item }>(sandbox, 'crm.item.get', { entityTypeId: 4, id });
    assert.equal(item.id, id);
    assert.equal(item.title, legacy.TITLE);
    assert.equal(item.typeId, 'SUPPLIER');
    assert.equal(item.assignedById, 2);
    assert.equal(item.createdTime, legacy.DATE_CREATE);
    assert.equal(item.updatedTime, legacy.DATE_MODIFY);
    assert.equal(item.hasPhone, 'Y');
    assert.equal(item.entityTypeId, 4);
    assert.deepEqual(
      (item.fm as Array<{ typeId: string; value: string }>).map((m) => [m.typeId, m.value]),
      [
        ['PHONE', '+7 900 111-22-33'],
        ['EMAIL', 'two@views.ru'],
      ],
    );
    assert.equal(item.TITLE, undefined, 'no UPPER_CASE names in the universal view');
  });

  test('crm.item.update on a contact (3) shows in crm.contact.get and raises ONCRMCONTACTUPDATE', async () => {
    const events: PortalEvent[] = [];
    const listener = (e: PortalEvent) => events.push(e);
    sandbox.store.events.on('event', listener);
    try {
      const { item: created } = await result<{ item: Item }>(sandbox, 'crm.item.add', {
        entityTypeId: 3,
        fields: {
          name: 'Пётр',
          lastName: 'Петров',
          fm: [{ typeId: 'PHONE', valueType: 'WORK', value: '+79001234567' }],
        },
      });
      assert.equal(created.name, 'Пётр');
      const { item } = await result<{ item: Item }>(sandbox, 'crm.item.update', {
        entityTypeId: 3,
        id: created.id,
        fields: { lastName: 'Петров-Водкин', post: 'Директор' },
      });
      assert.equal(item.lastName, 'Петров-Водкин');
      const legacy = await result<Record<string, unknown>>(sandbox, 'crm.contact.get', { id: created.id });
      assert.equal(legacy.LAST_NAME, 'Петров-Водкин');
      assert.equal(legacy.POST, 'Директор');
      assert.equal((legacy.PHONE as Array<{ VALUE: string }>)[0]?.VALUE, '+79001234567');
      assert.deepEqual(
        events.map((e) => e.event),
        ['ONCRMCONTACTADD', 'ONCRMCONTACTUPDATE'],
      );
    } finally {
      sandbox.store.events.off('event', listener);
    }
  });

  test('crm.item.list on companies: camelCase filter, order, select, and the >id cursor with start=-1', async () => {
    const ids: number[] = [];
    for (const title of ['Курсор 1', 'Курсор 2', 'Курсор 3'])
      ids.push(await result<number>(sandbox, 'crm.company.add', { fields: { TITLE: title } }));
    const page = await call(sandbox, 'crm.item.list', {
      entityTypeId: 4,
      filter: { '>id': ids[0], '%title': 'Курсор' },
      order: { id: 'ASC' },
      select: ['id', 'title'],
      start: -1,
    });
    assert.equal(page.status, 200);
    assert.equal(page.body.total, undefined);
    const items = (page.body.result as { items: Item[] }).items;
    assert.deepEqual(
      items.map((i) => [i.id, i.title]),
      [
        [ids[1], 'Курсор 2'],
        [ids[2], 'Курсор 3'],
      ],
    );
    assert.deepEqual(Object.keys(items[0] ?? {}).sort(), ['entityTypeId', 'id', 'title']);
    const counted = await call(sandbox, 'crm.item.list', { entityTypeId: 4, order: { id: 'DESC' } });
    const all = (counted.body.result as { items: Item[] }).items;
    assert.equal(counted.body.total, all.length);
    assert.equal(all[0]?.id, ids[2]);
  });

  test('leads (1) and deals (2) are served too; a missing id is NOT_FOUND, a smart process still needs its type', async () => {
    const { item: lead } = await result<{ item: Item }>(sandbox, 'crm.item.add', {
      entityTypeId: 1,
      fields: { title: 'Лид с сайта', name: 'Анна', opportunity: 1500 },
    });
    assert.equal(lead.title, 'Лид с сайта');
    assert.equal(lead.opportunity, 1500);
    assert.equal(lead.statusId, 'NEW');
    const { item: deal } = await result<{ item: Item }>(sandbox, 'crm.item.add', {
      entityTypeId: 2,
      fields: { title: 'Сделка', companyId: 1 },
    });
    assert.equal(deal.companyId, 1);
    assert.equal(deal.stageId, 'NEW');
    const fields = await result<{ fields: Record<string, { upperName: string }> }>(
      sandbox,
      'crm.item.fields',
      { entityTypeId: 4 },
    );
    assert.equal(fields.fields.typeId?.upperName, 'COMPANY_TYPE');
    assert.equal(fields.fields.assignedById?.upperName, 'ASSIGNED_BY_ID');
    const missing = await call(sandbox, 'crm.item.get', { entityTypeId: 4, id: 99_999 });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error, 'NOT_FOUND');
    const deleted = await call(sandbox, 'crm.item.delete', { entityTypeId: 1, id: lead.id });
    assert.deepEqual(deleted.body.result, []);
    assert.equal(
      (await call(sandbox, 'crm.item.get', { entityTypeId: 1, id: lead.id })).body.error,
      'NOT_FOUND',
    );
    const spa = await call(sandbox, 'crm.item.get', { entityTypeId: 1040, id: 1 });
    assert.equal(spa.body.error, 'NOT_FOUND');
    assert.equal(spa.body.error_description, 'SPA not found');
  });
});
