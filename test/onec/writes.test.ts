/** Checklist §11 #41–51, §9.4 create/history payloads, autonumbering, register records, If-Match switch. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createRequest,
  IDS,
  NOMETA,
  newRequest,
  odataError,
  rows,
  startClient,
  type TestClient,
} from './helpers';

const HIST = 'InformationRegister_ИсторияВзаимодействий';

describe('1C sandbox: writes', () => {
  let c: TestClient;
  before(async () => {
    c = await startClient();
  });
  after(() => c.sb.close());

  const docPath = (ref: unknown) => `Document_Заявка(guid'${String(ref)}')`;

  it('#41 POST → 201, percent-encoded Location, full entity body (§9.4 shape)', async () => {
    const res = await c.call('POST', 'Document_Заявка?$format=json', { body: newRequest });
    assert.equal(res.status, 201);
    const body = res.json();
    const ref = String(body.Ref_Key);
    assert.equal(
      res.headers.get('location'),
      `${c.sb.odataUrl}Document_%D0%97%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0(guid'${ref}')`,
    );
    assert.deepEqual(body, {
      'odata.metadata': `${c.sb.odataUrl}$metadata#Document_Заявка/@Element`,
      Ref_Key: ref,
      DataVersion: body.DataVersion,
      DeletionMark: false,
      Number: body.Number,
      Posted: false,
      ...newRequest,
      'Контрагент@navigationLinkUrl': `Document_Заявка(guid'${ref}')/Контрагент`,
      'Статус@navigationLinkUrl': `Document_Заявка(guid'${ref}')/Статус`,
    });
    const again = await c.get(`${docPath(ref)}?$format=json`);
    assert.deepEqual(again.json(), body);
  });

  it('#42 POST/PATCH ignore unknown properties (and odata.metadata)', async () => {
    const doc = await createRequest(c, { НетТакогоСвойства: 1, 'odata.metadata': 'x' });
    assert.equal('НетТакогоСвойства' in doc, false);
    const res = await c.call('PATCH', `${docPath(doc.Ref_Key)}?$format=json`, {
      body: { Лишнее: true, Описание: 'ok' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.json().Описание, 'ok');
  });

  it('#43 autonumbering: 9-char zero-padded, per year for documents, codes for catalogs', async () => {
    const other = await startClient();
    try {
      const a = await createRequest(other, { Date: '2024-12-31T23:00:00' });
      const b = await createRequest(other, { Date: '2025-01-01T08:00:00' });
      const d = await createRequest(other, { Date: '2025-01-02T08:00:00' });
      const e = await createRequest(other, { Date: '2024-06-01T08:00:00' });
      assert.deepEqual(
        [a.Number, b.Number, d.Number, e.Number],
        ['000000001', '000000001', '000000002', '000000002'],
      );
      const kept = await createRequest(other, { Date: '2025-05-05T00:00:00', Number: '000000100' });
      assert.equal(kept.Number, '000000100');
      assert.equal((await createRequest(other, { Date: '2025-06-06T00:00:00' })).Number, '000000101');
      const cp = await other.call('POST', 'Catalog_Контрагенты?$format=json', {
        body: { Description: 'ИП Петров' },
      });
      assert.equal(cp.json().Code, '000000002');
      assert.equal(cp.json().Predefined, false);
      assert.equal(cp.json().PredefinedDataName, '');
    } finally {
      await other.sb.close();
    }
  });

  it('#44 PATCH → 200 + full entity, unsent properties unchanged', async () => {
    const doc = await createRequest(c);
    const res = await c.call('PATCH', `${docPath(doc.Ref_Key)}?$format=json`, {
      body: { Статус_Key: IDS.statusInWork },
      headers: { 'If-Match': String(doc.DataVersion) },
    });
    assert.equal(res.status, 200);
    const body = res.json();
    assert.equal(body.Статус_Key, IDS.statusInWork);
    assert.equal(body.Описание, doc.Описание);
    assert.equal(body.Number, doc.Number);
    assert.equal(body['odata.metadata'], `${c.sb.odataUrl}$metadata#Document_Заявка/@Element`);
    assert.notEqual(body.DataVersion, doc.DataVersion);
  });

  it('PUT replaces the object; @odata.bind sets a reference', async () => {
    const doc = await createRequest(c);
    const res = await c.call('PUT', `${docPath(doc.Ref_Key)}?$format=json`, {
      body: {
        Date: '2025-01-20T10:00:00',
        'Статус@odata.bind': `Catalog_СтатусыЗаявок(guid'${IDS.statusDone}')`,
      },
    });
    assert.equal(res.status, 200);
    assert.equal(res.json().Статус_Key, IDS.statusDone);
    assert.equal(res.json().Описание, '');
    assert.equal(res.json().Number, doc.Number);
  });

  it('#45 DELETE removes physically (204), then GET → 404/9', async () => {
    const doc = await createRequest(c);
    const del = await c.call('DELETE', docPath(doc.Ref_Key));
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    const res = await c.get(`${docPath(doc.Ref_Key)}?$format=json`);
    assert.equal(res.status, 404);
    assert.equal(odataError(res).code, '9');
  });

  it('#46 DeletionMark keeps the object readable and listed; filter hides it; posted doc gets unposted', async () => {
    const doc = await createRequest(c, { ИдЭлементаБитрикс24: 'mark-1' });
    await c.call('POST', `${docPath(doc.Ref_Key)}/Post`);
    const marked = await c.call('PATCH', `${docPath(doc.Ref_Key)}?$format=json`, {
      body: { DeletionMark: true },
    });
    assert.equal(marked.json().DeletionMark, true);
    assert.equal(marked.json().Posted, false);
    assert.equal((await c.get(`${docPath(doc.Ref_Key)}?$format=json`)).status, 200);
    const all = await c.get(`Document_Заявка?${NOMETA}&$filter=ИдЭлементаБитрикс24 eq 'mark-1'`);
    assert.equal(rows(all).length, 1);
    const live = await c.get(
      `Document_Заявка?${NOMETA}&$filter=ИдЭлементаБитрикс24 eq 'mark-1' and DeletionMark eq false`,
    );
    assert.equal(rows(live).length, 0);
    const post = await c.call('POST', `${docPath(doc.Ref_Key)}/Post?$format=json`);
    assert.equal(post.status, 500, 'posting a marked document fails');
  });

  it('#47 Post, Post(), with/without PostingModeOperational and $format → 200; Unpost → 200', async () => {
    const doc = await createRequest(c);
    let last = String(doc.DataVersion);
    for (const suffix of [
      '/Post',
      '/Post()',
      '/Post?PostingModeOperational=false',
      '/Post()?$format=json&PostingModeOperational=true',
    ]) {
      const res = await c.call('POST', `${docPath(doc.Ref_Key)}${suffix}`);
      assert.equal(res.status, 200, suffix);
      const now = (await c.get(`${docPath(doc.Ref_Key)}?${NOMETA}`)).json();
      assert.equal(now.Posted, true, suffix);
      assert.notEqual(now.DataVersion, last, 'each posting is a write');
      last = String(now.DataVersion);
    }
    for (const suffix of ['/Unpost', '/Unpost()?$format=json']) {
      const res = await c.call('POST', `${docPath(doc.Ref_Key)}${suffix}`);
      assert.equal(res.status, 200);
      assert.equal((await c.get(`${docPath(doc.Ref_Key)}?${NOMETA}`)).json().Posted, false);
    }
  });

  it('#48 Post on an already posted document → 200, still posted', async () => {
    const doc = await createRequest(c);
    await c.call('POST', `${docPath(doc.Ref_Key)}/Post`);
    const again = await c.call('POST', `${docPath(doc.Ref_Key)}/Post`);
    assert.equal(again.status, 200);
    assert.equal((await c.get(`${docPath(doc.Ref_Key)}?${NOMETA}`)).json().Posted, true);
  });

  it('#49 failed posting → 500/-1 with a 1C-like message, document stays unposted', async () => {
    const doc = await createRequest(c, { Контрагент_Key: IDS.empty, Date: '2025-01-13T10:15:00' });
    const res = await c.call('POST', `${docPath(doc.Ref_Key)}/Post?$format=json`);
    assert.equal(res.status, 500);
    const err = odataError(res);
    assert.equal(err.code, '-1');
    assert.match(err.value, /Контрагент/);
    assert.match(
      err.value,
      new RegExp(`Не удалось провести "Заявка ${String(doc.Number)} от 13\\.01\\.2025 10:15:00"!`),
    );
    const now = (await c.get(`${docPath(doc.Ref_Key)}?${NOMETA}`)).json();
    assert.equal(now.Posted, false);
    assert.equal(now.DataVersion, doc.DataVersion);
  });

  it('#50 If-Match mismatch on PATCH/DELETE → 412, nothing written; matching or * passes', async () => {
    const doc = await createRequest(c);
    const stale = 'AAAAAQAAAAA=';
    const patch = await c.call('PATCH', `${docPath(doc.Ref_Key)}?$format=json`, {
      body: { Описание: 'changed' },
      headers: { 'If-Match': stale },
    });
    assert.equal(patch.status, 412);
    const del = await c.call('DELETE', `${docPath(doc.Ref_Key)}?$format=json`, {
      headers: { 'If-Match': stale },
    });
    assert.equal(del.status, 412);
    const now = (await c.get(`${docPath(doc.Ref_Key)}?${NOMETA}`)).json();
    assert.equal(now.Описание, doc.Описание);
    assert.equal(now.DataVersion, doc.DataVersion);
    const star = await c.call('PATCH', `${docPath(doc.Ref_Key)}?$format=json`, {
      body: { Описание: 's' },
      headers: { 'If-Match': '*' },
    });
    assert.equal(star.status, 200);
  });

  it('#50 switch: ignoreIfMatch reproduces bases that ignore If-Match', async () => {
    const other = await startClient({ ignoreIfMatch: true });
    try {
      const doc = await createRequest(other);
      const res = await other.call('PATCH', `${docPath(doc.Ref_Key)}?$format=json`, {
        body: { Описание: 'changed' },
        headers: { 'If-Match': 'AAAAAQAAAAA=' },
      });
      assert.equal(res.status, 200);
      assert.equal(res.json().Описание, 'changed');
    } finally {
      await other.sb.close();
    }
  });

  it('#51 1C_OData-DataLoadMode: true is accepted on writes', async () => {
    const res = await c.call('POST', 'Document_Заявка?$format=json', {
      body: newRequest,
      headers: { '1C_OData-DataLoadMode': 'true' },
    });
    assert.equal(res.status, 201);
    const patch = await c.call('PATCH', `${docPath(res.json().Ref_Key)}?$format=json`, {
      body: { Описание: 'load' },
      headers: { '1C_OData-DataLoadMode': 'true' },
    });
    assert.equal(patch.status, 200);
  });

  it('supplied valid Ref_Key is honoured; duplicate → 400/15', async () => {
    const ref = '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01';
    const first = await c.call('POST', 'Document_Заявка?$format=json', {
      body: { ...newRequest, Ref_Key: ref.toUpperCase() },
    });
    assert.equal(first.status, 201);
    assert.equal(first.json().Ref_Key, ref);
    const dup = await c.call('POST', 'Document_Заявка?$format=json', {
      body: { ...newRequest, Ref_Key: ref },
    });
    assert.equal(dup.status, 400);
    assert.equal(odataError(dup).code, '15');
  });

  it('§9.4 history record: create, Location with all key parts, read, duplicate → 400/15, PATCH/DELETE by key', async () => {
    const record = {
      Period: '2025-01-13T10:15:42',
      Заявка_Key: '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01',
      Контрагент_Key: IDS.romashka,
      ИдСобытия: 'b24:onCrmDynamicItemAdd:1038:187',
      ТипВзаимодействия: 'ОбменДанными',
      Направление: 'Входящее',
      Статус: 'Успешно',
      Сообщение: 'Создан документ Заявка 000000015',
    };
    const res = await c.call('POST', `${HIST}?$format=json`, { body: record });
    assert.equal(res.status, 201);
    const keyPath = `${HIST}(Period=datetime'2025-01-13T10:15:42',Заявка_Key=guid'${record.Заявка_Key}',Контрагент_Key=guid'${IDS.romashka}',ИдСобытия='b24:onCrmDynamicItemAdd:1038:187')`;
    assert.equal(decodeURIComponent(res.headers.get('location') ?? ''), c.sb.odataUrl + keyPath);
    const body = res.json();
    assert.equal('DataVersion' in body, false);
    assert.equal(body['Заявка@navigationLinkUrl'], `${keyPath}/Заявка`);
    assert.equal(body['Контрагент@navigationLinkUrl'], `${keyPath}/Контрагент`);
    const read = await c.get(`${keyPath}?${NOMETA}`);
    // An attribute the POST omitted (here «Ответственный») reads back empty (§5.1).
    assert.deepEqual(read.json(), { ...record, Ответственный: '' });
    const dup = await c.call('POST', `${HIST}?$format=json`, { body: { ...record, Сообщение: 'другое' } });
    assert.equal(dup.status, 400);
    assert.equal(odataError(dup).code, '15');
    assert.equal((await c.get(`${keyPath}?${NOMETA}`)).json().Сообщение, record.Сообщение);
    const patch = await c.call('PATCH', `${keyPath}?$format=json`, {
      body: { Статус: 'Ошибка', Period: '2030-01-01T00:00:00' },
    });
    assert.equal(patch.status, 200);
    assert.equal(patch.json().Статус, 'Ошибка');
    assert.equal(patch.json().Period, record.Period, 'key parts come from the URL');
    assert.equal((await c.call('DELETE', keyPath)).status, 204);
    assert.equal((await c.get(`${keyPath}?$format=json`)).status, 404);
  });

  it('register POST without Period → 400/5', async () => {
    const res = await c.call('POST', `${HIST}?$format=json`, { body: { ИдСобытия: 'x' } });
    assert.equal(res.status, 400);
    assert.equal(odataError(res).code, '5');
  });

  it('navigation path Set(key)/Nav returns the referenced entity; $expand on a single entity is rejected', async () => {
    const doc = await createRequest(c);
    const nav = await c.get(`${docPath(doc.Ref_Key)}/Статус?$format=json`);
    assert.equal(nav.status, 200);
    assert.equal(nav.json().Description, 'Новая');
    assert.equal(nav.json()['odata.metadata'], `${c.sb.odataUrl}$metadata#Catalog_СтатусыЗаявок/@Element`);
    const exp = await c.get(`${docPath(doc.Ref_Key)}?$format=json&$expand=Статус`);
    assert.equal(exp.status, 400);
    assert.equal(odataError(exp).code, '0');
  });
});
