import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { OneCClient } from '../../activities/onec/client';
import { OneCError, OneCPreconditionFailed } from '../../activities/onec/errors';
import { and, eq, odataBoolean, odataGuid, odataString } from '../../activities/onec/literals';
import { decodedPath, decodedQuery, startFake, type FakeServer, type Reply } from './fake-server';

const ROOT = '/zayavki/odata/standard.odata/';
const REF = '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01';
const odataError = (code: string, value: string) => ({
  'odata.error': { code, message: { lang: 'ru', value } },
});
const row = z.object({ Ref_Key: z.string() });

let next: () => Reply = () => ({ body: { value: [] } });
let base: FakeServer;
let c: OneCClient;

before(async () => {
  base = await startFake(() => next());
  c = new OneCClient({
    odataUrl: `${base.origin}${ROOT}`,
    user: 'odata',
    password: 'odata',
    timeoutMs: 2000,
  });
});
after(() => base.close());

const last = () => base.received[base.received.length - 1]!;

async function failure(promise: Promise<unknown>): Promise<OneCError> {
  const error = await promise.then(
    () => assert.fail('expected a OneCError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof OneCError, `not a OneCError: ${String(error)}`);
  return error;
}

describe('OneCClient reads', () => {
  it('lists with nometadata JSON, Accept JSON, pre-emptive Basic auth and a percent-encoded set', async () => {
    next = () => ({ body: { value: [{ Ref_Key: REF }] } });
    const filter = and(eq('ИНН', odataString('7707083893')), eq('DeletionMark', odataBoolean(false)));
    const rows = await c.list(
      'Catalog_Контрагенты',
      { filter, select: ['Ref_Key', 'ИНН'], orderby: 'Code', top: 2, skip: 4 },
      row,
    );
    assert.deepEqual(rows, [{ Ref_Key: REF }]);
    const sent = last();
    assert.equal(sent.method, 'GET');
    assert.ok(sent.url.startsWith(`${ROOT}Catalog_%D0%9A%D0%BE%D0%BD`), sent.url);
    assert.equal(decodedPath(sent.url), `${ROOT}Catalog_Контрагенты`);
    assert.deepEqual(decodedQuery(sent.url), [
      ['$format', 'application/json;odata=nometadata'],
      ['$filter', "ИНН eq '7707083893' and DeletionMark eq false"],
      ['$select', 'Ref_Key,ИНН'],
      ['$orderby', 'Code'],
      ['$top', '2'],
      ['$skip', '4'],
    ]);
    assert.ok(!sent.url.includes('+'), 'spaces must be %20, never +');
    assert.ok(sent.url.includes('%20eq%20'));
    assert.equal(sent.headers.accept, 'application/json');
    assert.equal(sent.headers.authorization, `Basic ${Buffer.from('odata:odata').toString('base64')}`);
  });

  it('gets an entity by guid key and returns undefined on 404 code 9', async () => {
    next = () => ({ body: { Ref_Key: REF } });
    assert.deepEqual(await c.get('Document_Заявка', REF.toUpperCase(), row), { Ref_Key: REF });
    assert.equal(decodedPath(last().url), `${ROOT}Document_Заявка(guid'${REF}')`);
    next = () => ({ status: 404, body: odataError('9', 'Entity instance not found') });
    assert.equal(await c.get('Document_Заявка', REF, row), undefined);
  });

  it('counts with /$count and a filter, reading the bare integer', async () => {
    next = () => ({ headers: { 'content-type': 'text/plain;charset=utf-8' }, body: '3' });
    assert.equal(
      await c.count('Document_Заявка', eq('Статус_Key', odataGuid('a3c1e004-d1a0-11ef-8a3b-0050569f2e01'))),
      3,
    );
    assert.equal(decodedPath(last().url), `${ROOT}Document_Заявка/$count`);
    assert.deepEqual(decodedQuery(last().url), [
      ['$filter', "Статус_Key eq guid'a3c1e004-d1a0-11ef-8a3b-0050569f2e01'"],
    ]);
  });

  it('rejects a 200 HTML page as a non-retryable misconfigured publication', async () => {
    next = () => ({
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<html><body>IIS</body></html>',
    });
    const error = await failure(c.list('Catalog_Контрагенты', {}, row));
    assert.equal(error.retryable, false);
    assert.match(error.message, /instead of OData JSON/);
  });
});

describe('OneCClient writes', () => {
  it('creates with POST ?$format=json, JSON body and content type', async () => {
    next = () => ({
      status: 201,
      headers: { location: `${base.origin}${ROOT}${encodeURIComponent('Document_Заявка')}(guid'${REF}')` },
      body: { 'odata.metadata': 'x', Ref_Key: REF },
    });
    const created = await c.create('Document_Заявка', { Описание: 'Бар "Д\'Артаньян"' }, row);
    assert.deepEqual(created, { Ref_Key: REF });
    const sent = last();
    assert.equal(sent.method, 'POST');
    assert.equal(decodedPath(sent.url), `${ROOT}Document_Заявка`);
    assert.deepEqual(decodedQuery(sent.url), [['$format', 'json']]);
    assert.equal(sent.headers['content-type'], 'application/json');
    assert.equal(sent.headers.accept, 'application/json');
    assert.deepEqual(JSON.parse(sent.body), { Описание: 'Бар "Д\'Артаньян"' });
    assert.equal(sent.headers['1c_odata-dataloadmode'], undefined);
  });

  it('patches with If-Match and DataLoadMode when configured', async () => {
    const loader = new OneCClient({
      odataUrl: `${base.origin}${ROOT}`,
      user: 'Интеграция',
      password: 'п',
      dataLoadMode: true,
    });
    next = () => ({ body: { Ref_Key: REF } });
    await loader.patch('Document_Заявка', REF, { Статус_Key: REF }, row, { ifMatch: 'AAAAFQAAAAA=' });
    const sent = last();
    assert.equal(sent.method, 'PATCH');
    assert.equal(decodedPath(sent.url), `${ROOT}Document_Заявка(guid'${REF}')`);
    assert.deepEqual(decodedQuery(sent.url), [['$format', 'json']]);
    assert.equal(sent.headers['if-match'], 'AAAAFQAAAAA=');
    assert.equal(sent.headers['1c_odata-dataloadmode'], 'true');
    assert.equal(
      sent.headers.authorization,
      `Basic ${Buffer.from('Интеграция:п', 'utf8').toString('base64')}`,
    );
  });

  it('treats a 200 HTML page answering Post as a misconfigured publication', async () => {
    next = () => ({
      headers: { 'content-type': 'text/html' },
      body: '<html><body>Default Web Site</body></html>',
    });
    const error = await failure(c.post('Document_Заявка', REF));
    assert.equal(error.retryable, false);
    assert.match(error.message, /Публиковать стандартный интерфейс OData/);
  });

  it('posts and unposts documents with the documented action URLs', async () => {
    next = () => ({ body: '' });
    await c.post('Document_Заявка', REF);
    assert.equal(last().method, 'POST');
    assert.equal(decodedPath(last().url), `${ROOT}Document_Заявка(guid'${REF}')/Post`);
    assert.deepEqual(decodedQuery(last().url), [['PostingModeOperational', 'false']]);
    await c.unpost('Document_Заявка', REF);
    assert.equal(last().url.split('?')[0]!.endsWith('/Unpost'), true);
  });

  it('createRecord answers created on 201 and exists on 400 code 15', async () => {
    next = () => ({ status: 201, body: { Period: '2025-01-13T10:15:42' } });
    assert.equal(
      await c.createRecord('InformationRegister_ИсторияВзаимодействий', { Period: '2025-01-13T10:15:42' }),
      'created',
    );
    next = () => ({ status: 400, body: odataError('15', 'Сущность с таким ключом уже существует') });
    assert.equal(
      await c.createRecord('InformationRegister_ИсторияВзаимодействий', { Period: '2025-01-13T10:15:42' }),
      'exists',
    );
  });
});

describe('OneCClient error classification', () => {
  const cases: Array<[string, Reply, boolean, RegExp]> = [
    [
      '401 challenge',
      { status: 401, headers: { 'www-authenticate': 'Basic realm="1C:Enterprise 8.3"' }, body: '' },
      false,
      /credentials.*onec\.user/,
    ],
    [
      '401 code 20 rights',
      { status: 401, body: odataError('20', 'Нарушение прав доступа!') },
      false,
      /lacks rights/,
    ],
    [
      '404 code 8 unpublished',
      { status: 404, body: odataError('8', '"Catalog_X" entity is not found') },
      false,
      /УстановитьСоставСтандартногоИнтерфейсаOData/,
    ],
    [
      '400 code 14 bad filter',
      { status: 400, body: odataError('14', 'Error parsing $filter query option') },
      false,
      /code 14/,
    ],
    [
      '500 code -1 business refusal',
      { status: 500, body: odataError('-1', 'Не удалось записать') },
      false,
      /Не удалось записать/,
    ],
    [
      '500 HTML',
      { status: 500, headers: { 'content-type': 'text/html' }, body: '<html>500</html>' },
      true,
      /unavailable/,
    ],
    ['502', { status: 502, body: 'Bad Gateway' }, true, /HTTP 502/],
    [
      '503 HTML (web extension down)',
      { status: 503, headers: { 'content-type': 'text/html' }, body: '<html>503</html>' },
      true,
      /HTTP 503/,
    ],
    ['504', { status: 504, body: '' }, true, /HTTP 504/],
    [
      'XML m:error',
      {
        status: 404,
        headers: { 'content-type': 'application/xml' },
        body: '<?xml version="1.0"?><m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><m:code>8</m:code><m:message xml:lang="ru">not found</m:message></m:error>',
      },
      false,
      /code 8/,
    ],
  ];
  for (const [name, reply, retryable, message] of cases) {
    it(`${name} → ${retryable ? 'retryable' : 'permanent'}`, async () => {
      next = () => reply;
      const error = await failure(c.list('Catalog_Контрагенты', {}, row));
      assert.equal(error.retryable, retryable);
      assert.equal(error.httpStatus, reply.status);
      assert.match(error.message, message);
    });
  }

  it('parses the code from JSON and XML bodies', async () => {
    next = () => ({ status: 400, body: odataError('14', 'Error parsing $filter query option') });
    assert.equal((await failure(c.list('Catalog_Контрагенты', {}, row))).code, '14');
    next = () => cases[9]![1];
    assert.equal((await failure(c.list('Catalog_Контрагенты', {}, row))).code, '8');
  });

  it('412 becomes OneCPreconditionFailed', async () => {
    next = () => ({ status: 412, body: odataError('0', 'Precondition failed') });
    const error = await failure(c.patch('Document_Заявка', REF, {}, row, { ifMatch: 'AAAAAQAAAAA=' }));
    assert.ok(error instanceof OneCPreconditionFailed);
    assert.equal(error.retryable, false);
  });

  it('times out a base that never answers within timeoutMs, as retryable', async () => {
    const silent = await startFake(() => ({ hang: true }));
    try {
      const slow = new OneCClient({
        odataUrl: `${silent.origin}${ROOT}`,
        user: 'u',
        password: 'p',
        timeoutMs: 300,
      });
      const started = Date.now();
      const error = await failure(slow.get('Document_Заявка', REF, row));
      assert.equal(error.retryable, true);
      assert.match(error.message, /no answer within 300 ms/);
      assert.ok(Date.now() - started < 3000);
    } finally {
      await silent.close();
    }
  });

  it('reports a refused connection as retryable', async () => {
    const gone = await startFake(() => ({}));
    await gone.close();
    const down = new OneCClient({ odataUrl: `${gone.origin}${ROOT}`, user: 'u', password: 'p' });
    const error = await failure(down.count('Document_Заявка'));
    assert.equal(error.retryable, true);
    assert.equal(error.httpStatus, undefined);
  });
});
