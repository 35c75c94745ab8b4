import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PortalEvent } from '../../sandbox/bitrix24/store';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { call, result, startTestSandbox } from './harness';

type Item = Record<string, unknown> & { id: number };
const ETID = 1038;

describe('smart process «Заявки»: types, categories, stages', () => {
  let sandbox: Bitrix24Sandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.close());

  test('crm.type.list / get / getByEntityTypeId', async () => {
    const list = await call(sandbox, 'crm.type.list');
    const types = (list.body.result as { types: Array<Record<string, unknown>> }).types;
    assert.equal(list.body.total, 1);
    assert.deepEqual(
      {
        id: types[0]?.id,
        entityTypeId: types[0]?.entityTypeId,
        title: types[0]?.title,
        cats: types[0]?.isCategoriesEnabled,
      },
      { id: 5, entityTypeId: ETID, title: 'Заявки', cats: 'Y' },
    );
    assert.equal(
      (await result<{ type: { entityTypeId: number } }>(sandbox, 'crm.type.get', { id: 5 })).type
        .entityTypeId,
      ETID,
    );
    const byEtid = await result<{ type: { id: number } }>(sandbox, 'crm.type.getByEntityTypeId', {
      entityTypeId: ETID,
    });
    assert.equal(byEtid.type.id, 5);
    assert.equal((await call(sandbox, 'crm.type.get', { id: 77 })).body.error, 'NOT_FOUND');
  });

  test('crm.category.list returns the default pipeline 10', async () => {
    const a = await call(sandbox, 'crm.category.list', { entityTypeId: ETID });
    assert.deepEqual((a.body.result as { categories: unknown[] }).categories, [
      { id: 10, name: 'Заявки', sort: 500, entityTypeId: ETID, isDefault: 'Y' },
    ]);
    assert.equal(a.body.total, 1);
  });

  test('crm.status.list by ENTITY_ID gives the five stages with semantics', async () => {
    const rows = await result<Array<Record<string, unknown>>>(sandbox, 'crm.status.list', {
      filter: { ENTITY_ID: 'DYNAMIC_1038_STAGE_10' },
    });
    assert.deepEqual(
      rows.map((r) => [r.STATUS_ID, r.SEMANTICS, r.CATEGORY_ID, r.ENTITY_ID]),
      [
        ['DT1038_10:NEW', null, '10', 'DYNAMIC_1038_STAGE_10'],
        ['DT1038_10:PREPARATION', null, '10', 'DYNAMIC_1038_STAGE_10'],
        ['DT1038_10:CLIENT', null, '10', 'DYNAMIC_1038_STAGE_10'],
        ['DT1038_10:SUCCESS', 'S', '10', 'DYNAMIC_1038_STAGE_10'],
        ['DT1038_10:FAIL', 'F', '10', 'DYNAMIC_1038_STAGE_10'],
      ],
    );
    for (const r of rows)
      assert.ok(typeof r.ID === 'string' && typeof r.NAME === 'string' && typeof r.SORT === 'string');
  });

  test('crm.item.fields describes standard and user fields; enumeration items; original names on request', async () => {
    const fields = (
      await result<{ fields: Record<string, Record<string, unknown>> }>(sandbox, 'crm.item.fields', {
        entityTypeId: ETID,
      })
    ).fields;
    assert.equal(fields.stageId?.type, 'crm_status');
    assert.equal(fields.stageId?.statusType, 'DYNAMIC_1038_STAGE_10');
    assert.equal(fields.previousStageId?.isReadOnly, true);
    assert.deepEqual(
      Object.keys(fields).filter((k) => k.startsWith('uf')),
      ['ufCrm5Description', 'ufCrm5RequestType', 'ufCrm5OnecNumber', 'ufCrm5OnecRef'],
    );
    assert.equal(fields.ufCrm5RequestType?.type, 'enumeration');
    assert.equal(fields.ufCrm5RequestType?.upperName, 'UF_CRM_5_REQUEST_TYPE');
    assert.deepEqual(fields.ufCrm5RequestType?.items, [
      { ID: '101', VALUE: 'Консультация' },
      { ID: '102', VALUE: 'Обслуживание' },
      { ID: '103', VALUE: 'Ремонт' },
      { ID: '104', VALUE: 'Поставка' },
      { ID: '105', VALUE: 'Прочее' },
    ]);
    const original = await result<{ fields: object }>(sandbox, 'crm.item.fields', {
      entityTypeId: ETID,
      useOriginalUfNames: 'Y',
    });
    assert.ok('UF_CRM_5_DESCRIPTION' in original.fields);
  });
});

describe('crm.item.* on «Заявки»', () => {
  let sandbox: Bitrix24Sandbox;
  const events: PortalEvent[] = [];
  before(async () => {
    sandbox = await startTestSandbox();
    sandbox.store.events.on('event', (e: PortalEvent) => events.push(e));
  });
  after(() => sandbox.close());

  const add = async (fields: Record<string, unknown>): Promise<Item> =>
    (await result<{ item: Item }>(sandbox, 'crm.item.add', { entityTypeId: ETID, fields })).item;

  test('add: defaults (category, first stage, author = webhook user), camelCase UF, event', async () => {
    events.length = 0;
    const item = await add({
      title: 'Заявка 1',
      ufCrm5Description: 'Не работает',
      ufCrm5RequestType: '103',
      contactIds: [1],
    });
    assert.equal(item.categoryId, 10);
    assert.equal(item.stageId, 'DT1038_10:NEW');
    assert.equal(item.previousStageId, null);
    assert.equal(item.createdBy, 1);
    assert.equal(item.updatedBy, 1);
    assert.equal(item.assignedById, 1);
    assert.equal(item.ufCrm5Description, 'Не работает');
    assert.equal(item.ufCrm5RequestType, 103);
    assert.equal(item.contactId, 1);
    assert.equal(item.entityTypeId, ETID);
    assert.match(String(item.createdTime), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
    assert.deepEqual(events, [
      { event: 'ONCRMDYNAMICITEMADD', data: { FIELDS: { ID: item.id, ENTITY_TYPE_ID: ETID } } },
    ]);
  });

  test('add without title gets "<type> #<id>"', async () => {
    const item = await add({});
    assert.equal(item.title, `Заявки #${item.id}`);
  });

  test('update: stage move keeps previousStageId, bumps updatedTime, raises UPDATE event', async () => {
    const item = await add({ title: 'Движение' });
    await new Promise((r) => setTimeout(r, 1100));
    events.length = 0;
    const moved = (
      await result<{ item: Item }>(sandbox, 'crm.item.update', {
        entityTypeId: ETID,
        id: item.id,
        fields: { stageId: 'DT1038_10:PREPARATION', assignedById: 2 },
      })
    ).item;
    assert.equal(moved.stageId, 'DT1038_10:PREPARATION');
    assert.equal(moved.previousStageId, 'DT1038_10:NEW');
    assert.equal(moved.assignedById, 2);
    assert.ok(Date.parse(String(moved.updatedTime)) > Date.parse(String(item.updatedTime)));
    assert.equal(moved.createdTime, item.createdTime);
    assert.deepEqual(events, [
      { event: 'ONCRMDYNAMICITEMUPDATE', data: { FIELDS: { ID: item.id, ENTITY_TYPE_ID: ETID } } },
    ]);
    const again = (
      await result<{ item: Item }>(sandbox, 'crm.item.update', {
        entityTypeId: ETID,
        id: item.id,
        fields: { stageId: 'DT1038_10:SUCCESS' },
      })
    ).item;
    assert.equal(again.previousStageId, 'DT1038_10:PREPARATION');
    const untouched = (
      await result<{ item: Item }>(sandbox, 'crm.item.update', {
        entityTypeId: ETID,
        id: item.id,
        fields: { title: 'Только название' },
      })
    ).item;
    assert.equal(untouched.previousStageId, 'DT1038_10:PREPARATION');
  });

  test('invalid stage, category or enumeration value → 400 CRM_FIELD_ERROR_VALUE_NOT_VALID', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ stageId: 'DT1038_99:NEW' }, 'Invalid value for field "Stage"'],
      [{ stageId: 'C1:NEW' }, 'Invalid value for field "Stage"'],
      [{ categoryId: 99 }, 'Invalid value for field "Pipeline"'],
      [{ ufCrm5RequestType: 999 }, 'Invalid value for field "Тип заявки"'],
      [{ assignedById: 'abc' }, 'Invalid value for field "Responsible person"'],
    ];
    for (const [fields, description] of cases) {
      const a = await call(sandbox, 'crm.item.add', { entityTypeId: ETID, fields });
      assert.equal(a.status, 400);
      assert.deepEqual(a.body, { error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID', error_description: description });
    }
  });

  test('missing / unknown entityTypeId → NOT_FOUND "SPA not found"; missing id → NOT_FOUND "Item not found"', async () => {
    for (const params of [{}, { entityTypeId: 1040 }, { entityTypeId: 'abc' }]) {
      const a = await call(sandbox, 'crm.item.list', params);
      assert.equal(a.status, 400);
      assert.deepEqual(a.body, { error: 'NOT_FOUND', error_description: 'SPA not found' });
    }
    for (const method of ['crm.item.get', 'crm.item.update', 'crm.item.delete']) {
      const a = await call(sandbox, method, { entityTypeId: ETID, id: 424242, fields: {} });
      assert.equal(a.status, 400);
      assert.deepEqual(a.body, { error: 'NOT_FOUND', error_description: 'Item not found' });
    }
  });

  test('useOriginalUfNames=Y renders UF_CRM_5_* and accepts them on input', async () => {
    const item = (
      await result<{ item: Record<string, unknown> }>(sandbox, 'crm.item.add', {
        entityTypeId: ETID,
        useOriginalUfNames: 'Y',
        fields: { UF_CRM_5_ONEC_NUMBER: 'ЗК-000123' },
      })
    ).item;
    assert.equal(item.UF_CRM_5_ONEC_NUMBER, 'ЗК-000123');
    assert.ok(!('ufCrm5OnecNumber' in item));
    const got = (await result<{ item: Item }>(sandbox, 'crm.item.get', { entityTypeId: ETID, id: item.id }))
      .item;
    assert.equal(got.ufCrm5OnecNumber, 'ЗК-000123');
  });

  test('delete → [] and ONCRMDYNAMICITEMDELETE; then get is NOT_FOUND', async () => {
    const item = await add({ title: 'Удалить' });
    events.length = 0;
    assert.deepEqual(await result(sandbox, 'crm.item.delete', { entityTypeId: ETID, id: item.id }), []);
    assert.deepEqual(events, [
      { event: 'ONCRMDYNAMICITEMDELETE', data: { FIELDS: { ID: item.id, ENTITY_TYPE_ID: ETID } } },
    ]);
    assert.equal(
      (await call(sandbox, 'crm.item.get', { entityTypeId: ETID, id: item.id })).body.error,
      'NOT_FOUND',
    );
  });
});

describe('crm.item.list: pages, filters, order, select', () => {
  let sandbox: Bitrix24Sandbox;
  before(async () => {
    sandbox = await startTestSandbox();
    const batch = (from: number) =>
      Object.fromEntries(
        Array.from({ length: 40 }, (_, k) => {
          const i = from + k;
          const stage = i % 3 === 0 ? 'DT1038_10:PREPARATION' : 'DT1038_10:NEW';
          return [
            `a${i}`,
            `crm.item.add?entityTypeId=1038&fields[title]=${encodeURIComponent(`Заявка №${i}`)}&fields[stageId]=${stage}&fields[opportunity]=${i * 10}&fields[assignedById]=${(i % 3) + 1}`,
          ];
        }),
      );
    for (const from of [1, 41, 81]) await result(sandbox, 'batch', { cmd: batch(from) });
  });
  after(() => sandbox.close());

  const list = (params: Record<string, unknown>) =>
    call(sandbox, 'crm.item.list', { entityTypeId: ETID, ...params });
  const ids = (a: { body: Record<string, unknown> }) =>
    (a.body.result as { items: Item[] }).items.map((i) => i.id);

  test('50 per page, total, next only while more pages exist', async () => {
    const p1 = await list({});
    assert.equal(ids(p1).length, 50);
    assert.equal(p1.body.total, 120);
    assert.equal(p1.body.next, 50);
    const p3 = await list({ start: 100 });
    assert.deepEqual(
      ids(p3),
      Array.from({ length: 20 }, (_, k) => 101 + k),
    );
    assert.equal(p3.body.total, 120);
    assert.ok(!('next' in p3.body));
  });

  test('start=-1: no total, no next — the fast export with >ID and ID order', async () => {
    const a = await list({ start: -1, order: { id: 'ASC' }, filter: { '>id': 100 } });
    assert.deepEqual(
      ids(a),
      Array.from({ length: 20 }, (_, k) => 101 + k),
    );
    assert.ok(!('total' in a.body) && !('next' in a.body));
  });

  test('filter operators', async () => {
    const count = async (filter: Record<string, unknown>) =>
      Number((await list({ filter, start: 0 })).body.total);
    assert.equal(await count({ id: 5 }), 1);
    assert.equal(await count({ '=id': 5 }), 1);
    assert.equal(await count({ '!=id': 5 }), 119);
    assert.equal(await count({ '!id': 5 }), 119);
    assert.equal(await count({ '>id': 100 }), 20);
    assert.equal(await count({ '>=id': 100 }), 21);
    assert.equal(await count({ '<id': 11 }), 10);
    assert.equal(await count({ '<=id': 11 }), 11);
    assert.equal(await count({ '@id': [1, 2, 3, 999] }), 3);
    assert.equal(await count({ '!@id': [1, 2, 3] }), 117);
    assert.equal(await count({ '%title': 'заявка №11' }), 11); // 11, 110–119
    assert.equal(await count({ '=%title': 'Заявка №1%' }), 32); // 1, 10–19, 100–120
    assert.equal(await count({ '%=title': '%№12_' }), 1); // 120
    assert.equal(await count({ '!%title': '№1' }), 88);
    assert.equal(await count({ stageId: 'DT1038_10:PREPARATION' }), 40);
    assert.equal(await count({ '>opportunity': 1000, assignedById: 2 }), 6); // 103, 106, …, 118
    assert.equal(await count({ '>=createdTime': '2000-01-01T00:00:00+03:00' }), 120);
  });

  test('order and select', async () => {
    const a = await list({ order: { opportunity: 'DESC' }, select: ['id', 'title', 'opportunity'] });
    const items = (a.body.result as { items: Item[] }).items;
    assert.deepEqual(items[0], { id: 120, title: 'Заявка №120', opportunity: 1200, entityTypeId: ETID });
    const uf = await list({ select: ['ufCrm5*'], filter: { id: 1 } });
    assert.deepEqual(Object.keys((uf.body.result as { items: Item[] }).items[0] ?? {}), [
      'id',
      'ufCrm5Description',
      'ufCrm5RequestType',
      'ufCrm5OnecNumber',
      'ufCrm5OnecRef',
      'entityTypeId',
    ]);
  });

  test('bad filter field / order direction → 400 INVALID_ARG_VALUE', async () => {
    const bad = await list({ filter: { nope: 1 } });
    assert.deepEqual(bad.body, {
      error: 'INVALID_ARG_VALUE',
      error_description: "Invalid filter: field 'nope' is not allowed in filter",
    });
    const dir = await list({ order: { id: 'UP' } });
    assert.equal(dir.status, 400);
    assert.equal(dir.body.error, 'INVALID_ARG_VALUE');
  });
});
