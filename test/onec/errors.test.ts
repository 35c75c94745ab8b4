/** Checklist §11 #35–40, #52 and the error representation rules of §7. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { basic, createRequest, odataError, startClient, type TestClient } from './helpers';

const MISSING = '88d54406-36a1-11e9-8bb2-642737df2049';

describe('1C sandbox: errors', () => {
  let c: TestClient;
  before(async () => {
    c = await startClient();
  });
  after(() => c.sb.close());

  it('#35 unknown entity set → 404/8, including Enum_* and typos', async () => {
    for (const name of ['CatalogДолжности', 'Enum_ТипыКонтрагентов', 'Catalog_Номенклатура']) {
      const res = await c.get(`${name}?$format=json`);
      assert.equal(res.status, 404, name);
      assert.equal(odataError(res).code, '8');
    }
    const typo = await c.get('CatalogДолжности?$format=json');
    assert.equal(
      typo.text,
      '{"odata.error":{"code":"8","message":{"lang":"ru","value":"\\"CatalogДолжности\\" entity is not found"}}}',
    );
  });

  it('#36 unknown key → 404/9 for GET, PATCH, DELETE, Post', async () => {
    const path = `Document_Заявка(guid'${MISSING}')`;
    const answers = [
      await c.get(`${path}?$format=json`),
      await c.call('PATCH', `${path}?$format=json`, { body: { Описание: 'x' } }),
      await c.call('DELETE', `${path}?$format=json`),
      await c.call('POST', `${path}/Post?$format=json`),
    ];
    for (const res of answers) {
      assert.equal(res.status, 404);
      assert.deepEqual(odataError(res), { code: '9', value: 'Entity instance not found' });
    }
  });

  it('#37 error body shape exactly {"odata.error":{code,message:{lang,value}}}', async () => {
    const res = await c.get(`Catalog_Контрагенты(guid'${MISSING}')?$format=json`);
    assert.equal(
      res.text,
      '{"odata.error":{"code":"9","message":{"lang":"ru","value":"Entity instance not found"}}}',
    );
    assert.equal(res.headers.get('content-type'), 'application/json;charset=utf-8');
  });

  it('errors are XML when JSON was not negotiated', async () => {
    const res = await c.get(`Catalog_Контрагенты(guid'${MISSING}')`);
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /^application\/xml/);
    assert.match(
      res.text,
      /<m:error xmlns:m="http:\/\/schemas.microsoft.com\/ado\/2007\/08\/dataservices\/metadata"><m:code>9<\/m:code><m:message xml:lang="ru">Entity instance not found<\/m:message><\/m:error>/,
    );
    const json = await c.get(`Catalog_Контрагенты(guid'${MISSING}')`, { Accept: 'application/json' });
    assert.equal(odataError(json).code, '9');
  });

  it('#38 business failure → 500/-1, entity unchanged', async () => {
    const doc = await createRequest(c, { Статус_Key: '00000000-0000-0000-0000-000000000000' });
    const res = await c.call('POST', `Document_Заявка(guid'${String(doc.Ref_Key)}')/Post?$format=json`);
    assert.equal(res.status, 500);
    assert.equal(odataError(res).code, '-1');
    const after = await c.get(`Document_Заявка(guid'${String(doc.Ref_Key)}')?$format=json`);
    assert.equal(after.json().DataVersion, doc.DataVersion);
    assert.equal(after.json().Posted, false);
  });

  it('#39 missing or wrong credentials → 401 with Basic challenge', async () => {
    for (const auth of [null, basic('odata', 'wrong'), basic('кто-то', 'odata'), 'Bearer x']) {
      const res = await c.call('GET', 'Catalog_Контрагенты?$format=json', { auth });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Basic realm="1C:Enterprise 8.3"');
    }
  });

  it('Cyrillic user names work in Basic auth', async () => {
    const other = await startClient({ user: 'Интеграция', password: 'пароль' });
    try {
      const res = await other.call('GET', 'Catalog_Контрагенты?$format=json', {
        auth: basic('Интеграция', 'пароль'),
      });
      assert.equal(res.status, 200);
    } finally {
      await other.sb.close();
    }
  });

  it('#40 rights violation → 401/20 (emulated with the `rights` fault); allowedOnly hides rows instead', async () => {
    c.sb.faults.set({ errorRate: 1, errorKind: 'rights', sets: ['Catalog_Контрагенты'] });
    try {
      const res = await c.get('Catalog_Контрагенты?$format=json');
      assert.equal(res.status, 401);
      assert.equal(odataError(res).code, '20');
      const allowed = await c.get('Catalog_Контрагенты?$format=json&allowedOnly=true');
      assert.equal(allowed.status, 200);
      assert.deepEqual(allowed.json().value, []);
    } finally {
      c.sb.faults.reset();
    }
  });

  it('#52 POST to a tabular-section set → code 13', async () => {
    const res = await c.call('POST', 'Document_Заявка_Товары?$format=json', { body: { LineNumber: '1' } });
    assert.equal(res.status, 400);
    assert.equal(odataError(res).code, '13');
  });

  it('wrong verb → 405/19', async () => {
    const del = await c.call('DELETE', 'Catalog_Контрагенты?$format=json');
    assert.equal(del.status, 405);
    assert.equal(odataError(del).code, '19');
    const get = await c.get(`Document_Заявка(guid'${MISSING}')/Post?$format=json`);
    assert.equal(get.status, 405);
    const patchCount = await c.call('PATCH', 'Catalog_Контрагенты/$count', { body: {} });
    assert.equal(patchCount.status, 405);
  });

  it('malformed JSON body → 500/-1 with the standard internal-error text', async () => {
    const res = await c.call('POST', 'Catalog_Контрагенты?$format=json', {
      raw: '{"Description": ',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(res.status, 500);
    assert.deepEqual(odataError(res), {
      code: '-1',
      value:
        'Произошла внутренняя ошибка OData сервиса. Дополнительные сведения можно найти в технологическом журнале.',
    });
    const arr = await c.call('POST', 'Catalog_Контрагенты?$format=json', { body: [1, 2] });
    assert.equal(odataError(arr).code, '-1');
  });

  it('an unexpected exception → 500/-1 with the standard internal-error text', async () => {
    const store = c.sb.store;
    const original = store.all.bind(store);
    store.all = () => {
      throw new Error('simulated defect');
    };
    const quiet = console.error;
    console.error = () => undefined;
    try {
      const res = await c.get('Catalog_Контрагенты?$format=json');
      assert.equal(res.status, 500);
      assert.equal(odataError(res).code, '-1');
      assert.match(odataError(res).value, /^Произошла внутренняя ошибка OData сервиса/);
    } finally {
      store.all = original;
      console.error = quiet;
    }
  });

  it('wrong value types → 400/4, never a crash', async () => {
    const cases: Record<string, unknown>[] = [
      { Контрагент_Key: 'not-a-guid' },
      { Date: 'yesterday' },
      { DeletionMark: 'yes' },
      { ТипЗаявки: 'НетТакого' },
      { Описание: 42 },
      { Описание: { nested: true } },
    ];
    for (const body of cases) {
      const res = await c.call('POST', 'Document_Заявка?$format=json', {
        body: { Date: '2025-01-01T00:00:00', ...body },
      });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(odataError(res).code, '4');
    }
    const int16 = await c.call('POST', 'Catalog_СтатусыЗаявок?$format=json', { body: { Порядок: 1.5 } });
    assert.equal(odataError(int16).code, '4');
  });

  it('unknown $format → code 3; garbage key → 400', async () => {
    const fmt = await c.get('Catalog_Контрагенты?$format=csv');
    assert.equal(fmt.json === undefined, false);
    assert.ok(fmt.status >= 400);
    assert.match(fmt.text, /<m:code>3<\/m:code>/);
    const key = await c.get(`Catalog_Контрагенты(guid'zzz')?$format=json`);
    assert.equal(key.status, 400);
  });
});
