import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PortalEvent } from '../../sandbox/bitrix24/store';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { call, result, startTestSandbox } from './harness';

type Row = Record<string, unknown>;
interface Multi {
  ID: string;
  VALUE: string;
  VALUE_TYPE: string;
  TYPE_ID: string;
}

describe('crm.company.* and crm.contact.* (legacy)', () => {
  let sandbox: Bitrix24Sandbox;
  const events: PortalEvent[] = [];
  before(async () => {
    sandbox = await startTestSandbox();
    sandbox.store.events.on('event', (e: PortalEvent) => events.push(e));
  });
  after(() => sandbox.close());

  test('seeded company «Ромашка»: UPPER_CASE, string ids, dates with offset, multifields', async () => {
    const company = await result<Row>(sandbox, 'crm.company.get', { id: 1 });
    assert.equal(company.ID, '1');
    assert.equal(company.TITLE, 'ООО "Ромашка"');
    assert.equal(company.HAS_PHONE, 'Y');
    assert.equal(company.HAS_EMAIL, 'Y');
    assert.match(String(company.DATE_CREATE), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
    assert.deepEqual(company.PHONE, [
      { ID: '1', VALUE_TYPE: 'WORK', VALUE: '+7 916 123-45-67', TYPE_ID: 'PHONE' },
    ]);
    assert.equal((company.EMAIL as Multi[])[0]?.VALUE, 'info@romashka.ru');
  });

  test('add → id, event ONCRMCOMPANYADD {FIELDS: {ID}}; ASSIGNED_BY_ID defaults to the webhook user', async () => {
    events.length = 0;
    const id = await result<number>(sandbox, 'crm.company.add', {
      fields: {
        TITLE: 'ООО "Лютик"',
        COMPANY_TYPE: 'CUSTOMER',
        PHONE: [{ VALUE: '+7 999 000-00-01', VALUE_TYPE: 'WORK' }],
        ORIGINATOR_ID: '1C',
        ORIGIN_ID: 'abc-123',
        UF_CRM_1700000000: 'extra',
      },
    });
    assert.equal(typeof id, 'number');
    assert.deepEqual(events, [{ event: 'ONCRMCOMPANYADD', data: { FIELDS: { ID: id } } }]);
    const company = await result<Row>(sandbox, 'crm.company.get', { ID: id });
    assert.equal(company.ASSIGNED_BY_ID, '1');
    assert.equal(company.CREATED_BY_ID, '1');
    assert.equal(company.HAS_EMAIL, 'N');
    assert.equal(company.ORIGIN_ID, 'abc-123');
    assert.equal(company.UF_CRM_1700000000, 'extra');
    assert.ok(!('EMAIL' in company));
  });

  test('multifield update semantics: ID changes, ID + empty VALUE deletes, no ID adds', async () => {
    const id = await result<number>(sandbox, 'crm.company.add', {
      fields: {
        TITLE: 'Мульти',
        PHONE: [
          { VALUE: '111', VALUE_TYPE: 'WORK' },
          { VALUE: '222', VALUE_TYPE: 'MOBILE' },
        ],
      },
    });
    const before = (await result<Row>(sandbox, 'crm.company.get', { id })).PHONE as Multi[];
    const [first, second] = before;
    assert.ok(first && second);
    events.length = 0;
    assert.equal(
      await result(sandbox, 'crm.company.update', {
        id,
        fields: {
          PHONE: [
            { ID: first.ID, VALUE: '111-changed', VALUE_TYPE: 'HOME' },
            { ID: second.ID, VALUE: '' },
            { VALUE: '333', VALUE_TYPE: 'WORK' },
          ],
        },
      }),
      true,
    );
    assert.deepEqual(events, [{ event: 'ONCRMCOMPANYUPDATE', data: { FIELDS: { ID: id } } }]);
    const after = (await result<Row>(sandbox, 'crm.company.get', { id })).PHONE as Multi[];
    assert.deepEqual(
      after.map((p) => [p.ID === first.ID, p.VALUE, p.VALUE_TYPE]),
      [
        [true, '111-changed', 'HOME'],
        [false, '333', 'WORK'],
      ],
    );
    // Deleting the last phone clears HAS_PHONE; object form keyed by id works too.
    await result(sandbox, 'crm.company.update', {
      id,
      fields: { PHONE: Object.fromEntries(after.map((p) => [p.ID, { ID: p.ID, VALUE: '' }])) },
    });
    const cleared = await result<Row>(sandbox, 'crm.company.get', { id });
    assert.equal(cleared.HAS_PHONE, 'N');
    assert.ok(!('PHONE' in cleared));
  });

  test('invalid e-mail → ERROR_CORE, nothing written', async () => {
    const a = await call(sandbox, 'crm.contact.add', {
      fields: { NAME: 'X', EMAIL: [{ VALUE: 'not-an-email' }] },
    });
    assert.equal(a.status, 400);
    assert.equal(a.body.error, 'ERROR_CORE');
  });

  test('legacy errors: missing id, not found, fields not an array', async () => {
    const expectations: Array<[string, Row, string]> = [
      ['crm.company.get', { id: 999 }, 'Not found'],
      ['crm.company.get', {}, 'ID is not defined or invalid.'],
      ['crm.company.update', { id: 999, fields: {} }, 'Company is not found'],
      ['crm.company.delete', { id: 999 }, 'Company is not found'],
      ['crm.contact.get', { id: 999 }, 'Not found'],
      ['crm.contact.update', { id: 999, fields: {} }, 'Contact is not found'],
      ['crm.company.add', { fields: 'text' }, "Parameter 'fields' must be array."],
      ['crm.company.list', { filter: 'x' }, "Parameter 'filter' must be array."],
    ];
    for (const [method, params, description] of expectations) {
      const a = await call(sandbox, method, params);
      assert.equal(a.status, 400, method);
      assert.deepEqual(a.body, { error: '', error_description: description }, method);
    }
  });

  test('list: select *, PHONE, EMAIL, UF_*; filter by multifield value and LIKE', async () => {
    const a = await call(sandbox, 'crm.company.list', {
      order: { ID: 'DESC' },
      filter: { PHONE: '+7 916 123-45-67' },
      select: ['*', 'PHONE', 'EMAIL', 'UF_*'],
    });
    const rows = a.body.result as Row[];
    assert.equal(a.body.total, 1);
    assert.equal(rows[0]?.ID, '1');
    assert.ok('PHONE' in (rows[0] ?? {}) && 'EMAIL' in (rows[0] ?? {}) && 'TITLE' in (rows[0] ?? {}));
    const plain = (await call(sandbox, 'crm.company.list', { filter: { '%TITLE': 'ромаш' } })).body
      .result as Row[];
    assert.equal(plain.length, 1);
    assert.ok(!('PHONE' in (plain[0] ?? {})), 'multifields only on request');
    const onlyTitle = (await call(sandbox, 'crm.company.list', { select: ['TITLE'], filter: { ID: 1 } })).body
      .result as Row[];
    assert.deepEqual(onlyTitle, [{ ID: '1', TITLE: 'ООО "Ромашка"' }]);
  });

  test('contacts: NAME/LAST_NAME, COMPANY_ID, delete raises ONCRMCONTACTDELETE', async () => {
    const id = await result<number>(sandbox, 'crm.contact.add', {
      fields: {
        NAME: 'Олег',
        LAST_NAME: 'Орлов',
        COMPANY_ID: 1,
        EMAIL: [{ VALUE: 'oleg@example.com', VALUE_TYPE: 'WORK' }],
      },
    });
    const contact = await result<Row>(sandbox, 'crm.contact.get', { id });
    assert.equal(contact.NAME, 'Олег');
    assert.equal(contact.COMPANY_ID, '1');
    assert.equal(contact.HAS_EMAIL, 'Y');
    await result(sandbox, 'crm.contact.update', { id, fields: { COMPANY_IDS: [2, 1] } });
    const rebound = await result<Row>(sandbox, 'crm.contact.get', { id });
    assert.deepEqual([rebound.COMPANY_ID, rebound.COMPANY_IDS], ['2', ['2', '1']]);
    events.length = 0;
    assert.equal(await result(sandbox, 'crm.contact.delete', { id }), true);
    assert.deepEqual(events, [{ event: 'ONCRMCONTACTDELETE', data: { FIELDS: { ID: id } } }]);
    assert.equal((await call(sandbox, 'crm.contact.get', { id })).body.error_description, 'Not found');
  });

  test('crm.company.fields lists fields with types', async () => {
    const fields = await result<Record<string, Row>>(sandbox, 'crm.company.fields');
    assert.equal(fields.PHONE?.type, 'crm_multifield');
    assert.equal(fields.PHONE?.isMultiple, true);
    assert.equal(fields.DATE_CREATE?.isReadOnly, true);
  });
});

describe('crm.duplicate.findbycomm', () => {
  let sandbox: Bitrix24Sandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.close());

  test('phones match by digits (8…, +7…, formatting, extension ignored)', async () => {
    for (const phone of ['89161234567', '+7 (916) 123-45-67', '7-916-123-45-67 доб. 12', '9161234567']) {
      assert.deepEqual(
        await result(sandbox, 'crm.duplicate.findbycomm', { type: 'PHONE', values: [phone] }),
        { COMPANY: [1] },
        phone,
      );
    }
    const both = await result(sandbox, 'crm.duplicate.findbycomm', {
      type: 'PHONE',
      values: ['+79031112233', '84957654321'],
    });
    assert.deepEqual(both, { COMPANY: [2], CONTACT: [1] });
  });

  test('emails are case-insensitive; entity_type restricts; nothing found → []', async () => {
    assert.deepEqual(
      await result(sandbox, 'crm.duplicate.findbycomm', { type: 'EMAIL', values: ['INFO@Romashka.RU'] }),
      { COMPANY: [1] },
    );
    assert.deepEqual(
      await result(sandbox, 'crm.duplicate.findbycomm', {
        type: 'EMAIL',
        values: ['info@romashka.ru'],
        entity_type: 'CONTACT',
      }),
      [],
    );
    assert.deepEqual(
      await result(sandbox, 'crm.duplicate.findbycomm', {
        type: 'EMAIL',
        values: ['igor.kuznetsov@mail.example'],
        entity_type: 'CONTACT',
      }),
      { CONTACT: [2] },
    );
  });

  test('missing type or values → 400 with the documented texts', async () => {
    const noType = await call(sandbox, 'crm.duplicate.findbycomm', { values: ['1'] });
    assert.equal(noType.status, 400);
    assert.equal(noType.body.error, 'Communication type is not defined');
    const noValues = await call(sandbox, 'crm.duplicate.findbycomm', { type: 'PHONE' });
    assert.equal(noValues.body.error, 'Communication values is not defined');
    const badType = await call(sandbox, 'crm.duplicate.findbycomm', { type: 'FAX', values: ['1'] });
    assert.equal(badType.body.error, "Communication type 'FAX' is not supported in current context");
  });
});

describe('requisites and addresses', () => {
  let sandbox: Bitrix24Sandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.close());

  test('seeded requisite with INN 7707083893 on company 1; presets', async () => {
    const rows = await result<Row[]>(sandbox, 'crm.requisite.list', {
      filter: { ENTITY_TYPE_ID: 4, ENTITY_ID: 1 },
    });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.RQ_INN, '7707083893');
    const byInn = await result<Row[]>(sandbox, 'crm.requisite.list', {
      filter: { RQ_INN: '7707083893' },
      select: ['ENTITY_ID'],
    });
    assert.deepEqual(byInn, [{ ENTITY_ID: '1' }]);
    const presets = await call(sandbox, 'crm.requisite.preset.list');
    assert.deepEqual(
      (presets.body.result as Row[]).map((p) => [p.ID, p.NAME]),
      [
        ['1', 'Организация'],
        ['2', 'ИП'],
        ['3', 'Физ. лицо'],
      ],
    );
  });

  test('add / get / update / delete a requisite; validation errors', async () => {
    const id = await result<number>(sandbox, 'crm.requisite.add', {
      fields: {
        ENTITY_TYPE_ID: 4,
        ENTITY_ID: 2,
        PRESET_ID: 1,
        NAME: 'Вектор',
        RQ_INN: '7701234567',
        RQ_KPP: '770101001',
      },
    });
    const row = await result<Row>(sandbox, 'crm.requisite.get', { id });
    assert.deepEqual(
      [row.ID, row.ENTITY_TYPE_ID, row.ENTITY_ID, row.RQ_INN, row.ACTIVE],
      [String(id), '4', '2', '7701234567', 'Y'],
    );
    assert.equal(
      await result(sandbox, 'crm.requisite.update', { id, fields: { RQ_OGRN: '1027700000000' } }),
      true,
    );
    assert.equal((await result<Row>(sandbox, 'crm.requisite.get', { id })).RQ_OGRN, '1027700000000');
    const errors: Array<[Row, string]> = [
      [{ ENTITY_TYPE_ID: 9, ENTITY_ID: 1, PRESET_ID: 1 }, 'ENTITY_TYPE_ID is not defined or invalid.'],
      [{ ENTITY_TYPE_ID: 4, PRESET_ID: 1 }, 'ENTITY_ID is not defined or invalid.'],
      [{ ENTITY_TYPE_ID: 4, ENTITY_ID: 1, PRESET_ID: 42 }, 'PRESET_ID is not defined or invalid.'],
      [{ ENTITY_TYPE_ID: 4, ENTITY_ID: 999, PRESET_ID: 1 }, 'Entity not found.'],
    ];
    for (const [fields, description] of errors) {
      assert.deepEqual((await call(sandbox, 'crm.requisite.add', { fields })).body, {
        error: '',
        error_description: description,
      });
    }
    assert.equal(await result(sandbox, 'crm.requisite.delete', { id }), true);
    assert.deepEqual((await call(sandbox, 'crm.requisite.get', { id })).body, {
      error: '',
      error_description: `The Requisite with ID '${id}' is not found`,
    });
  });

  test('requisite and address events carry ids (and the address key) only', async () => {
    const seen: PortalEvent[] = [];
    const listener = (e: PortalEvent) => seen.push(e);
    sandbox.store.events.on('event', listener);
    try {
      const id = await result<number>(sandbox, 'crm.requisite.add', {
        fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: 2, PRESET_ID: 1, NAME: 'Вектор', RQ_INN: '7701000548' },
      });
      await result(sandbox, 'crm.requisite.update', { id, fields: { RQ_KPP: '770101001' } });
      const key = { TYPE_ID: 6, ENTITY_TYPE_ID: 8, ENTITY_ID: id };
      await result(sandbox, 'crm.address.add', { fields: { ...key, ADDRESS_1: 'ул. Ленина, 1' } });
      await result(sandbox, 'crm.address.update', { fields: { ...key, CITY: 'Москва' } });
      await result(sandbox, 'crm.address.delete', { fields: key });
      await result(sandbox, 'crm.requisite.delete', { id });
      const address = {
        TYPE_ID: '6',
        ENTITY_TYPE_ID: '8',
        ENTITY_ID: String(id),
        ANCHOR_ID: '2',
        ANCHOR_TYPE_ID: '4',
      };
      assert.deepEqual(seen, [
        { event: 'ONCRMREQUISITEADD', data: { FIELDS: { ID: id } } },
        { event: 'ONCRMREQUISITEUPDATE', data: { FIELDS: { ID: id } } },
        { event: 'ONCRMADDRESSREGISTER', data: { FIELDS: address } },
        { event: 'ONCRMADDRESSUNREGISTER', data: { FIELDS: address } },
        { event: 'ONCRMREQUISITEDELETE', data: { FIELDS: { ID: id } } },
      ]);
    } finally {
      sandbox.store.events.off('event', listener);
    }
  });

  test('addresses keyed by (TYPE_ID, ENTITY_TYPE_ID, ENTITY_ID)', async () => {
    const key = { TYPE_ID: 6, ENTITY_TYPE_ID: 8, ENTITY_ID: 1 };
    assert.equal(
      await result(sandbox, 'crm.address.add', {
        fields: { ...key, ADDRESS_1: 'ул. Ленина, 1', CITY: 'Москва', POSTAL_CODE: '101000' },
      }),
      true,
    );
    assert.deepEqual((await call(sandbox, 'crm.address.add', { fields: key })).body, {
      error: '',
      error_description: 'TypeAddress exists.',
    });
    assert.equal(
      await result(sandbox, 'crm.address.add', { fields: { ...key, TYPE_ID: 1, CITY: 'Химки' } }),
      true,
    );
    assert.equal(
      await result(sandbox, 'crm.address.update', { fields: { ...key, CITY: 'Санкт-Петербург' } }),
      true,
    );
    const rows = await result<Row[]>(sandbox, 'crm.address.list', {
      filter: { ENTITY_TYPE_ID: 8, ENTITY_ID: 1 },
      order: { TYPE_ID: 'DESC' },
    });
    assert.deepEqual(
      rows.map((r) => [r.TYPE_ID, r.CITY, r.ADDRESS_1, r.ANCHOR_TYPE_ID, r.ANCHOR_ID]),
      [
        ['6', 'Санкт-Петербург', 'ул. Ленина, 1', '4', '1'],
        ['1', 'Химки', null, '4', '1'],
      ],
    );
    assert.equal(await result(sandbox, 'crm.address.delete', { fields: { ...key, TYPE_ID: 1 } }), true);
    assert.deepEqual((await call(sandbox, 'crm.address.delete', { fields: { ...key, TYPE_ID: 1 } })).body, {
      error: '',
      error_description: 'TypeAddress not found.',
    });
    assert.deepEqual((await call(sandbox, 'crm.address.add', { fields: { ...key, ENTITY_ID: 999 } })).body, {
      error: '',
      error_description: 'ENTITY_ID is not defined or invalid.',
    });
    assert.deepEqual((await call(sandbox, 'crm.address.add', { fields: { ...key, TYPE_ID: 2 } })).body, {
      error: '',
      error_description: 'TYPE_ID is not defined or invalid.',
    });
  });
});
