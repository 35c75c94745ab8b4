/** Checklist §11 #1–8, #13–20, #55 and the §9.4 payload shapes: envelopes, formats, value encoding. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequest, IDS, NOMETA, rows, startClient, type TestClient } from './helpers';

describe('1C sandbox: formats and envelopes', () => {
  let c: TestClient;
  before(async () => {
    c = await startClient();
  });
  after(() => c.sb.close());

  it('#1 service root with and without trailing slash returns the service document', async () => {
    for (const url of [c.sb.odataUrl, c.sb.odataUrl.replace(/\/$/, '')]) {
      const res = await c.get(url);
      assert.equal(res.status, 200);
      assert.match(res.text, /<service xmlns="http:\/\/www.w3.org\/2007\/app"/);
      assert.match(res.text, /<atom:title>Default<\/atom:title>/);
      assert.match(
        res.text,
        /<collection href="Document_Заявка"><atom:title>Document_Заявка<\/atom:title><\/collection>/,
      );
      assert.match(res.text, /xml:base="http:\/\/127\.0\.0\.1:\d+\/zayavki\/odata\/standard\.odata"/);
    }
    const json = await c.get('?$format=json');
    assert.deepEqual((json.json().value as unknown[])[2], {
      name: 'Document_Заявка',
      url: 'Document_Заявка',
    });
    assert.equal(json.json()['odata.metadata'], `${c.sb.odataUrl}$metadata`);
  });

  it('#2 no $format and no JSON Accept gives Atom, not JSON', async () => {
    const feed = await c.get('Catalog_СтатусыЗаявок');
    assert.equal(feed.headers.get('content-type'), 'application/atom+xml;type=feed;charset=utf-8');
    assert.match(feed.text, /^<\?xml/);
    assert.match(
      feed.text,
      /<entry><id>http:\/\/127\.0\.0\.1:\d+\/zayavki\/odata\/standard\.odata\/Catalog_СтатусыЗаявок\(guid'a3c1e001-d1a0-11ef-8a3b-0050569f2e01'\)<\/id>/,
    );
    assert.match(
      feed.text,
      /<category term="StandardODATA.Catalog_СтатусыЗаявок" scheme="http:\/\/schemas.microsoft.com\/ado\/2007\/08\/dataservices\/scheme"\/>/,
    );
    assert.match(feed.text, /<d:Description>Новая<\/d:Description>/);
    assert.match(feed.text, /<d:PredefinedDataName>Новая<\/d:PredefinedDataName>/);
    const doc = await createRequest(c, { ТипЗаявки: '' });
    const entry = await c.get(`Document_Заявка(guid'${String(doc.Ref_Key)}')`);
    assert.equal(entry.headers.get('content-type'), 'application/atom+xml;type=entry;charset=utf-8');
    assert.match(
      entry.text,
      /<link rel="edit" href="Document_Заявка\(guid'[0-9a-f-]{36}'\)" title="edit link"\/>/,
    );
    assert.match(
      entry.text,
      /<link rel="http:\/\/schemas.microsoft.com\/ado\/2007\/08\/dataservices\/related\/Статус" href="Document_Заявка\(guid'[0-9a-f-]{36}'\)\/Статус" type="application\/atom\+xml;type=entry;charset=utf-8" title="Статус"\/>/,
    );
    assert.match(entry.text, /<content type="application\/xml"><m:properties><d:Ref_Key m:type="Edm.Guid">/);
    assert.match(entry.text, /<d:ТипЗаявки\/>/, 'empty string as an empty element');
  });

  it('#3 $format=json and Accept: application/json each yield minimalmetadata JSON', async () => {
    const a = await c.get('Catalog_Контрагенты?$format=json');
    const b = await c.get('Catalog_Контрагенты', { Accept: 'application/json' });
    const m = await c.get('Catalog_Контрагенты?$format=application/json;odata=minimalmetadata');
    for (const res of [a, b, m]) {
      assert.equal(res.status, 200);
      assert.equal(res.json()['odata.metadata'], `${c.sb.odataUrl}$metadata#Catalog_Контрагенты`);
    }
  });

  it('#4 nometadata removes odata.metadata and nav links, keeps value', async () => {
    const doc = await createRequest(c);
    const list = await c.get(`Document_Заявка?${NOMETA}`);
    assert.deepEqual(Object.keys(list.json()), ['value']);
    for (const row of rows(list)) assert.ok(!Object.keys(row).some((k) => k.includes('@')));
    const single = await c.get(`Document_Заявка(guid'${String(doc.Ref_Key)}')?${NOMETA}`);
    assert.equal(single.json()['odata.metadata'], undefined);
    assert.equal(single.json().Ref_Key, doc.Ref_Key);
    assert.equal(single.json()['Статус@navigationLinkUrl'], undefined);
    const viaAccept = await c.get(`Document_Заявка(guid'${String(doc.Ref_Key)}')`, {
      Accept: 'application/json;odata=nometadata',
    });
    assert.deepEqual(viaAccept.json(), single.json());
  });

  it('fullmetadata adds odata.type/odata.id/odata.editLink', async () => {
    const res = await c.get(
      `Catalog_Контрагенты(guid'${IDS.romashka}')?$format=application/json;odata=fullmetadata`,
    );
    const body = res.json();
    assert.equal(body['odata.type'], 'StandardODATA.Catalog_Контрагенты');
    assert.equal(body['odata.editLink'], `Catalog_Контрагенты(guid'${IDS.romashka}')`);
    assert.equal(body['odata.id'], `${c.sb.odataUrl}Catalog_Контрагенты(guid'${IDS.romashka}')`);
  });

  it('#5 collection envelope {odata.metadata, value}', async () => {
    const res = await c.get('Catalog_СтатусыЗаявок?$format=json');
    assert.deepEqual(Object.keys(res.json()), ['odata.metadata', 'value']);
    assert.equal(rows(res).length, 5);
  });

  it('#6 single entity inline with #Set/@Element, no value', async () => {
    const res = await c.get(`Catalog_Контрагенты(guid'${IDS.romashka}')?$format=json`);
    const body = res.json();
    assert.equal(body['odata.metadata'], `${c.sb.odataUrl}$metadata#Catalog_Контрагенты/@Element`);
    assert.equal(body.value, undefined);
    assert.equal(body.Ref_Key, IDS.romashka);
  });

  it('#7 odata.metadata does not change with $select', async () => {
    const res = await c.get('Catalog_Контрагенты?$format=json&$select=Ref_Key');
    assert.equal(res.json()['odata.metadata'], `${c.sb.odataUrl}$metadata#Catalog_Контрагенты`);
  });

  it('#8 nav link relative, only for filled refs, minimalmetadata only', async () => {
    const doc = await createRequest(c, { Контрагент_Key: IDS.empty });
    const ref = String(doc.Ref_Key);
    assert.equal(doc['Статус@navigationLinkUrl'], `Document_Заявка(guid'${ref}')/Статус`);
    assert.equal(doc['Контрагент@navigationLinkUrl'], undefined);
    const keys = Object.keys(doc);
    assert.ok(keys.indexOf('Статус@navigationLinkUrl') > keys.indexOf('ИдЭлементаБитрикс24'), 'after data');
  });

  it('#13 #14 #15 empty reference, date and enum values', async () => {
    const res = await c.call('POST', 'Document_Заявка?$format=json', {
      body: { Date: '2025-02-01T09:00:00' },
    });
    const body = res.json();
    assert.equal(body.Контрагент_Key, IDS.empty);
    assert.equal(body.Статус_Key, IDS.empty);
    assert.equal(body.ТипЗаявки, '');
    const hist = await c.call('POST', 'InformationRegister_ИсторияВзаимодействий?$format=json', {
      body: { Period: '2025-02-01T09:00:01', ИдСобытия: 'empty-values' },
    });
    assert.equal(hist.json().Заявка_Key, IDS.empty);
    assert.equal(hist.json().ТипВзаимодействия, '');
    assert.equal(body.Date, '2025-02-01T09:00:00');
    const ro = await c.get(`Catalog_Контрагенты(guid'${IDS.romashka}')?${NOMETA}`);
    assert.equal(ro.json().ТипКонтрагента, 'ЮридическоеЛицо');
  });

  it('#14 dates have no zone and no fraction (fraction in a write is dropped)', async () => {
    const doc = await createRequest(c, { Date: '2025-03-04T05:06:07.123' });
    assert.equal(doc.Date, '2025-03-04T05:06:07');
    assert.match(String(doc.Date), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  it('#16 Int16 is a JSON number; Int64 would be a string', async () => {
    const res = await c.get(`Catalog_СтатусыЗаявок(guid'${IDS.statusNew}')?${NOMETA}`);
    assert.equal(res.json().Порядок, 1);
    assert.equal(typeof res.json().Порядок, 'number');
    assert.equal(typeof res.json().Конечный, 'boolean');
  });

  it('#17 odata.count is a JSON string', async () => {
    const res = await c.get('Catalog_СтатусыЗаявок?$format=json&$inlinecount=allpages');
    assert.equal(res.json()['odata.count'], '5');
    assert.deepEqual(Object.keys(res.json()), ['odata.metadata', 'odata.count', 'value']);
  });

  it('#18 GUIDs lowercase, new refs version-1 style', async () => {
    const doc = await createRequest(c);
    assert.match(
      String(doc.Ref_Key),
      /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const upper = await c.get(`Catalog_Контрагенты(guid'${IDS.romashka.toUpperCase()}')?${NOMETA}`);
    assert.equal(upper.json().Ref_Key, IDS.romashka);
  });

  it('#19 DataVersion on every reference entity, 12-char base64, changes on write', async () => {
    const list = await c.get(`Catalog_СтатусыЗаявок?${NOMETA}`);
    for (const row of rows(list)) assert.match(String(row.DataVersion), /^[A-Za-z0-9+/]{11}=$/);
    const doc = await createRequest(c);
    const patched = await c.call('PATCH', `Document_Заявка(guid'${String(doc.Ref_Key)}')?$format=json`, {
      body: { Описание: 'x' },
    });
    assert.notEqual(patched.json().DataVersion, doc.DataVersion);
    const raw = Buffer.from(String(patched.json().DataVersion), 'base64');
    assert.equal(raw.length, 8);
    assert.equal(raw.readUInt32BE(4), 0);
    assert.equal(raw.readUInt32BE(0), Buffer.from(String(doc.DataVersion), 'base64').readUInt32BE(0) + 1);
  });

  it('#20 standard properties of catalogs and documents', async () => {
    const cat = await c.get(`Catalog_СтатусыЗаявок(guid'${IDS.statusNew}')?${NOMETA}`);
    for (const k of [
      'Ref_Key',
      'DataVersion',
      'DeletionMark',
      'Code',
      'Description',
      'Predefined',
      'PredefinedDataName',
    ]) {
      assert.ok(k in cat.json(), k);
    }
    assert.equal(cat.json().Predefined, true);
    const doc = await createRequest(c);
    assert.deepEqual(Object.keys(doc).slice(1, 7), [
      'Ref_Key',
      'DataVersion',
      'DeletionMark',
      'Number',
      'Date',
      'Posted',
    ]);
  });

  it('#55 JSON content type and raw UTF-8 Cyrillic', async () => {
    const res = await c.get(`Catalog_Контрагенты?${NOMETA}`);
    assert.equal(res.headers.get('content-type'), 'application/json;charset=utf-8');
    assert.equal(res.headers.get('dataserviceversion'), '3.0');
    assert.ok(res.text.includes('Ромашка'));
    assert.ok(!res.text.includes('\\u04'));
  });

  it('§9.4 counterparty by key, minimalmetadata: exact body', async () => {
    const res = await c.get(`Catalog_Контрагенты(guid'${IDS.romashka}')?$format=json`);
    const body = res.json();
    assert.match(String(body.DataVersion), /^[A-Za-z0-9+/]{11}=$/);
    assert.deepEqual(body, {
      'odata.metadata': `${c.sb.odataUrl}$metadata#Catalog_Контрагенты/@Element`,
      Ref_Key: IDS.romashka,
      DataVersion: body.DataVersion,
      DeletionMark: false,
      Code: '000000001',
      Description: 'ООО "Ромашка"',
      ИНН: '7707083893',
      КПП: '770701001',
      ЮридическийАдрес: '125009, г. Москва, ул. Тверская, д. 7',
      Телефон: '+79161234567',
      Email: 'info@romashka.ru',
      ТипКонтрагента: 'ЮридическоеЛицо',
      ИдКомпанииБитрикс24: '42',
      Predefined: false,
      PredefinedDataName: '',
    });
  });

  it('§9.4 statuses list, nometadata, $select/$orderby/$top: exact body', async () => {
    const res = await c.get(
      `Catalog_СтатусыЗаявок?${NOMETA}&$select=Ref_Key,Code,Description,PredefinedDataName,КодСтадииБитрикс24&$orderby=Code&$top=2`,
    );
    assert.equal(
      res.text,
      '{"value":[{"Ref_Key":"a3c1e001-d1a0-11ef-8a3b-0050569f2e01","Code":"000000001","Description":"Новая","PredefinedDataName":"Новая","КодСтадииБитрикс24":"DT1038_10:NEW"},{"Ref_Key":"a3c1e002-d1a0-11ef-8a3b-0050569f2e01","Code":"000000002","Description":"В работе","PredefinedDataName":"ВРаботе","КодСтадииБитрикс24":"DT1038_10:PREPARATION"}]}',
    );
  });
});
