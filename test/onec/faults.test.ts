/** Fault injection: programmatic `sandbox.faults` and the `/__sandbox/faults` control endpoint. */
import { after, afterEach, before, describe, it } from 'node:test';
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

describe('1C sandbox: fault injection', () => {
  let c: TestClient;
  before(async () => {
    c = await startClient();
  });
  after(() => c.sb.close());
  afterEach(() => c.sb.faults.reset());

  it('down: every OData request gets 503 with an HTML body', async () => {
    c.sb.faults.set({ down: true });
    for (const path of ['', '$metadata', 'Catalog_Контрагенты?$format=json']) {
      const res = await c.get(path);
      assert.equal(res.status, 503);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(res.text, /<html>/);
    }
  });

  it('latency delays matching requests only', async () => {
    c.sb.faults.set({ latencyMs: 150, sets: ['Document_Заявка'] });
    let t = Date.now();
    await c.get(`Document_Заявка?${NOMETA}`);
    assert.ok(Date.now() - t >= 140);
    t = Date.now();
    await c.get(`Catalog_Контрагенты?${NOMETA}`);
    assert.ok(Date.now() - t < 140);
  });

  it('errorRate 1 with errorKind 500 → 500/-1, filtered by method', async () => {
    c.sb.faults.set({ errorRate: 1, errorKind: '500', methods: ['POST'] });
    const post = await c.call('POST', 'Catalog_Контрагенты?$format=json', { body: { Description: 'x' } });
    assert.equal(post.status, 500);
    assert.equal(odataError(post).code, '-1');
    assert.equal((await c.get(`Catalog_Контрагенты?${NOMETA}`)).status, 200);
  });

  it('errorKind 503 answers the HTML page; drop closes the connection; timeout never answers', async () => {
    c.sb.faults.set({ errorRate: 1, errorKind: '503' });
    assert.equal((await c.get('Catalog_Контрагенты')).status, 503);
    c.sb.faults.set({ errorRate: 1, errorKind: 'drop' });
    await assert.rejects(c.get('Catalog_Контрагенты'));
    c.sb.faults.set({ errorRate: 1, errorKind: 'timeout' });
    await assert.rejects(
      fetch(`${c.sb.odataUrl}Catalog_Контрагенты`, {
        headers: { Authorization: `Basic ${Buffer.from('odata:odata').toString('base64')}` },
        signal: AbortSignal.timeout(200),
      }),
      /timeout|abort/i,
    );
  });

  it('loseResponse: the write is performed but the answer is lost', async () => {
    c.sb.faults.set({ loseResponse: true, methods: ['POST'], sets: ['Document_Заявка'] });
    await assert.rejects(
      c.call('POST', 'Document_Заявка?$format=json', {
        body: { ...newRequest, ИдЭлементаБитрикс24: 'lost-1' },
      }),
    );
    c.sb.faults.reset();
    const found = await c.get(`Document_Заявка?${NOMETA}&$filter=ИдЭлементаБитрикс24 eq 'lost-1'`);
    assert.equal(rows(found).length, 1);
  });

  it('times: only that many answers are lost, later writes answer normally', async () => {
    c.sb.faults.set({ loseResponse: true, times: 1, methods: ['POST'], sets: ['Document_Заявка'] });
    await assert.rejects(
      c.call('POST', 'Document_Заявка?$format=json', {
        body: { ...newRequest, ИдЭлементаБитрикс24: 'once-1' },
      }),
    );
    const second = await c.call('POST', 'Document_Заявка?$format=json', {
      body: { ...newRequest, ИдЭлементаБитрикс24: 'once-2' },
    });
    assert.equal(second.status, 201);
  });

  it('control endpoint: GET/PUT/DELETE /__sandbox/faults with Basic auth', async () => {
    const url = `${c.sb.baseUrl}/__sandbox/faults`;
    assert.equal((await c.call('GET', url, { auth: null })).status, 401);
    const put = await c.call('PUT', url, {
      body: { errorRate: 1, errorKind: '500', sets: ['Catalog_СтатусыЗаявок'] },
    });
    assert.equal(put.status, 200);
    assert.deepEqual(JSON.parse((await c.call('GET', url)).text), {
      errorRate: 1,
      errorKind: '500',
      sets: ['Catalog_СтатусыЗаявок'],
    });
    assert.equal((await c.get(`Catalog_СтатусыЗаявок(guid'${IDS.statusNew}')?$format=json`)).status, 500);
    const bad = await c.call('PUT', url, { body: { errorRate: 2 } });
    assert.equal(bad.status, 400);
    assert.equal((await c.call('DELETE', url)).status, 200);
    assert.equal((await c.get(`Catalog_СтатусыЗаявок(guid'${IDS.statusNew}')?$format=json`)).status, 200);
    const doc = await createRequest(c);
    assert.ok(doc.Ref_Key);
  });
});
