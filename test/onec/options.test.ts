/** Checklist §11 #21–34, #53, #54, #56: addressing and query options as seen through the HTTP server. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequest, IDS, NOMETA, odataError, rows, startClient, type TestClient } from './helpers';

const HIST = 'InformationRegister_ИсторияВзаимодействий';

describe('1C sandbox: addressing and query options', () => {
  let c: TestClient;
  let docs: Record<string, unknown>[] = [];
  before(async () => {
    c = await startClient();
    docs = [
      await createRequest(c, {
        Date: '2025-01-10T09:00:00',
        ИдЭлементаБитрикс24: '101',
        Ответственный: "Д'Артаньян",
      }),
      await createRequest(c, {
        Date: '2025-01-11T09:00:00',
        ИдЭлементаБитрикс24: '102',
        Статус_Key: IDS.statusDone,
      }),
      await createRequest(c, {
        Date: '2025-01-12T09:00:00',
        ИдЭлементаБитрикс24: '103+1',
        Статус_Key: IDS.statusDone,
      }),
    ];
  });
  after(() => c.sb.close());

  it('#21 Set(guid) and Set(Ref_Key=guid) address the same entity; GUID case-insensitive', async () => {
    const a = await c.get(`Catalog_Контрагенты(guid'${IDS.romashka}')?${NOMETA}`);
    const b = await c.get(`Catalog_Контрагенты(Ref_Key=guid'${IDS.romashka.toUpperCase()}')?${NOMETA}`);
    assert.equal(a.status, 200);
    assert.deepEqual(a.json(), b.json());
  });

  it('#22 register record key: all parts as Name=value, any order', async () => {
    const key = {
      Period: '2025-01-13T10:15:42',
      Заявка_Key: String(docs[0]?.Ref_Key),
      Контрагент_Key: IDS.romashka,
      ИдСобытия: "ev'1",
    };
    const created = await c.call('POST', `${HIST}?$format=json`, { body: { ...key, Статус: 'Успешно' } });
    assert.equal(created.status, 201);
    const path = `${HIST}(ИдСобытия='ev''1',Period=datetime'2025-01-13T10:15:42',Контрагент_Key=guid'${IDS.romashka}',Заявка_Key=guid'${key.Заявка_Key}')`;
    const res = await c.get(`${path}?${NOMETA}`);
    assert.equal(res.status, 200);
    assert.equal(res.json().ИдСобытия, "ev'1");
    const partial = await c.get(`${HIST}(Period=datetime'2025-01-13T10:15:42')?$format=json`);
    assert.equal(partial.status, 400);
    assert.equal(odataError(partial).code, '7');
  });

  it('#23 doubled quotes in string literals; a lone quote is 400/14', async () => {
    const ok = await c.get(
      `Document_Заявка?${NOMETA}&$filter=Ответственный eq 'Д''Артаньян'&$select=ИдЭлементаБитрикс24`,
    );
    assert.deepEqual(rows(ok), [{ ИдЭлементаБитрикс24: '101' }]);
    const bad = await c.get(`Document_Заявка?$format=json&$filter=Ответственный eq 'Д'Артаньян'`);
    assert.equal(bad.status, 400);
    assert.equal(odataError(bad).code, '14');
  });

  it('#24 + in the query string is not a space', async () => {
    const res = await c.get(
      `Document_Заявка?${NOMETA}&$filter=ИдЭлементаБитрикс24 eq '103+1'&$select=ИдЭлементаБитрикс24`,
    );
    assert.deepEqual(rows(res), [{ ИдЭлементаБитрикс24: '103+1' }]);
  });

  it('#25 operators, parentheses, navigation with precedence', async () => {
    const res = await c.get(
      `Document_Заявка?${NOMETA}&$filter=(ИдЭлементаБитрикс24 eq '101' or ИдЭлементаБитрикс24 eq '102') and not (Статус/Конечный eq true)&$select=ИдЭлементаБитрикс24`,
    );
    assert.deepEqual(rows(res), [{ ИдЭлементаБитрикс24: '101' }]);
    const arith = await c.get(
      `Catalog_СтатусыЗаявок?${NOMETA}&$filter=Порядок mul 2 sub 1 eq 5&$select=Порядок`,
    );
    assert.deepEqual(rows(arith), [{ Порядок: 3 }]);
    const nav = await c.get(`Document_Заявка/$count?$filter=Контрагент/ИНН eq '7707083893'`);
    assert.equal(nav.text, '3');
  });

  it('#26 supported functions: substringof, startswith, endswith, year', async () => {
    const f = async (filter: string) =>
      rows(await c.get(`Catalog_СтатусыЗаявок?${NOMETA}&$filter=${filter}&$select=Code`)).map((r) => r.Code);
    assert.deepEqual(await f(`substringof('работ', Description) eq true`), ['000000002']);
    assert.deepEqual(await f(`startswith(Description,'Отмен') eq true`), ['000000005']);
    assert.deepEqual(await f(`endswith(КодСтадииБитрикс24,':NEW') eq true`), ['000000001']);
    const y = await c.get(`Document_Заявка/$count?$filter=year(Date) eq 2025 and day(Date) ge 11`);
    assert.equal(y.text, '2');
    assert.deepEqual(await f(`like(Description,'В%') eq true`), ['000000002']);
    assert.deepEqual(await f(`concat(Code,Description) eq '000000004Завершена'`), ['000000004']);
    assert.deepEqual(await f(`substring(КодСтадииБитрикс24,10) eq 'FAIL'`), ['000000005']);
    const later = await c.get(
      `Document_Заявка/$count?$filter=dateadd(Date,'day',1) gt datetime'2025-01-12T00:00:00'`,
    );
    assert.equal(later.text, '2');
  });

  it('#27 unsupported functions are rejected with code 21', async () => {
    for (const fn of ['length(Description) eq 5', "tolower(Description) eq 'новая'", 'floor(Порядок) eq 1']) {
      const res = await c.get(`Catalog_СтатусыЗаявок?$format=json&$filter=${fn}`);
      assert.equal(res.status, 400, fn);
      assert.equal(odataError(res).code, '21', fn);
    }
  });

  it('#28 misspelled function → 400/14 «Error parsing $filter query option»', async () => {
    const res = await c.get(`Catalog_Контрагенты?$format=json&$filter=startwith(Description, 'ООО') eq true`);
    assert.equal(res.status, 400);
    assert.deepEqual(odataError(res), { code: '14', value: 'Error parsing $filter query option' });
  });

  it('#29 $skip before $top regardless of order; $orderby asc/desc lists', async () => {
    const a = await c.get(`Catalog_СтатусыЗаявок?${NOMETA}&$top=2&$skip=1&$orderby=Code&$select=Code`);
    const b = await c.get(`Catalog_СтатусыЗаявок?${NOMETA}&$skip=1&$orderby=Code asc&$top=2&$select=Code`);
    assert.deepEqual(rows(a), [{ Code: '000000002' }, { Code: '000000003' }]);
    assert.deepEqual(rows(b), rows(a));
    const desc = await c.get(
      `Catalog_СтатусыЗаявок?${NOMETA}&$orderby=Конечный desc, Code desc&$top=2&$select=Code`,
    );
    assert.deepEqual(rows(desc), [{ Code: '000000005' }, { Code: '000000004' }]);
  });

  it('#30 $select tolerates spaces and returns only listed properties', async () => {
    const res = await c.get(`Document_Заявка?${NOMETA}&$select=Ref_Key, Number,  Date&$top=1`);
    assert.deepEqual(Object.keys(rows(res)[0] ?? {}), ['Ref_Key', 'Number', 'Date']);
    const unknown = await c.get(`Document_Заявка?$format=json&$select=Нет`);
    assert.equal(unknown.status, 400);
    assert.equal(odataError(unknown).code, '10');
  });

  it('#31 $expand nests the related entity next to X_Key', async () => {
    const res = await c.get(`Document_Заявка?${NOMETA}&$expand=Статус,Контрагент&$top=1`);
    const row = rows(res)[0] ?? {};
    assert.equal(row.Статус_Key, IDS.statusNew);
    assert.equal((row.Статус as Record<string, unknown>).Description, 'Новая');
    assert.equal((row.Контрагент as Record<string, unknown>).ИНН, '7707083893');
    const sel = await c.get(
      `Document_Заявка?${NOMETA}&$expand=Статус&$select=Ref_Key,Number,Статус/Description&$top=1`,
    );
    assert.deepEqual(rows(sel)[0], {
      Ref_Key: docs[0]?.Ref_Key,
      Number: docs[0]?.Number,
      Статус: { Description: 'Новая' },
    });
  });

  it('#32 $count returns a bare integer as text, honouring $filter', async () => {
    const res = await c.get(`Document_Заявка/$count?$filter=Статус_Key eq guid'${IDS.statusDone}'`);
    assert.equal(res.status, 200);
    assert.equal(res.text, '2');
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  });

  it('#33 no odata.nextLink; all rows without $top', async () => {
    for (let i = 0; i < 30; i += 1) {
      await c.call('POST', 'Catalog_Контрагенты?$format=json', { body: { Description: `Бульк ${i}` } });
    }
    const res = await c.get('Catalog_Контрагенты?$format=json');
    assert.equal(rows(res).length, 31);
    assert.ok(!res.text.includes('nextLink'));
  });

  it('#34 unknown $option → code 0 «The $expan parameter is not supported»', async () => {
    const res = await c.get('Catalog_Контрагенты?$format=json&$expan=Должность');
    assert.equal(res.status, 400);
    assert.deepEqual(odataError(res), { code: '0', value: 'The $expan parameter is not supported' });
  });

  it('#53 $inlinecount=allpages adds odata.count and ignores $top/$skip (doc default)', async () => {
    const res = await c.get(`Catalog_СтатусыЗаявок?${NOMETA}&$inlinecount=allpages&$top=2&$skip=1`);
    assert.equal(res.json()['odata.count'], '5');
    assert.equal(rows(res).length, 5);
    const none = await c.get(`Catalog_СтатусыЗаявок?${NOMETA}&$inlinecount=none&$top=2`);
    assert.equal(none.json()['odata.count'], undefined);
    const atom = await c.get('Catalog_СтатусыЗаявок?$inlinecount=allpages');
    assert.match(atom.text, /<m:count>5<\/m:count>/);
  });

  it('#53 switch: inlinecountHonorsTop applies $top/$skip with the count', async () => {
    const other = await startClient({ inlinecountHonorsTop: true });
    try {
      const res = await other.get(`Catalog_СтатусыЗаявок?${NOMETA}&$inlinecount=allpages&$top=2&$skip=1`);
      assert.equal(res.json()['odata.count'], '5');
      assert.deepEqual(
        rows(res).map((r) => r.Code),
        ['000000002', '000000003'],
      );
    } finally {
      await other.sb.close();
    }
  });

  it('#54 allowedOnly and $allowedOnly are accepted on set GETs', async () => {
    for (const opt of ['allowedOnly=true', '$allowedOnly=true', 'allowedOnly=false']) {
      const res = await c.get(`Catalog_СтатусыЗаявок?${NOMETA}&${opt}`);
      assert.equal(res.status, 200, opt);
      assert.equal(rows(res).length, 5);
    }
  });

  it('#56 percent-encoded option names and commas; percent-encoded and raw UTF-8 paths', async () => {
    const enc = await c.get(
      `${encodeURIComponent('Catalog_СтатусыЗаявок')}?%24format=application%2Fjson%3Bodata%3Dnometadata&%24select=Code%2C%20Description&%24top=1&%24orderby=Code`,
    );
    assert.deepEqual(rows(enc), [{ Code: '000000001', Description: 'Новая' }]);
    const plain = await c.get(
      `Catalog_СтатусыЗаявок?${NOMETA}&$select=Code, Description&$top=1&$orderby=Code`,
    );
    assert.deepEqual(rows(plain), rows(enc));
  });

  it('raw UTF-8 bytes in the request path are accepted', async () => {
    const { request } = await import('node:http');
    const url = new URL(c.sb.odataUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          // Node would escape a plain string path; a latin1-mapped UTF-8 string puts the raw bytes on the wire.
          path: Buffer.from(`${url.pathname}Catalog_Контрагенты?$format=json`, 'utf8').toString('latin1'),
          headers: { Authorization: `Basic ${Buffer.from('odata:odata').toString('base64')}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 200);
  });
});
