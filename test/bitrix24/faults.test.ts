/**
 * Fault injection on the REST transport: the control endpoint, latency, 500/503, timeout (held until the
 * client gives up or the cap), dropped connections, the rate-limit switch, the method filter and seeding.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { faultsFor } from '../../sandbox/bitrix24/faults';
import { startBitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { startEventsSandbox, type EventsSandbox } from './support/events-sandbox';

let b24: EventsSandbox;
let faultsUrl: string;

before(async () => {
  b24 = await startEventsSandbox();
  faultsUrl = `${b24.sandbox.httpUrl}/__sandbox/faults`;
});
after(() => b24.close());
beforeEach(async () => {
  await fetch(faultsUrl, { method: 'DELETE' });
});

const put = (settings: unknown) =>
  fetch(faultsUrl, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });

test('control endpoint: PUT replaces, GET reads, DELETE resets, bad input is 400', async () => {
  const saved = await put({ latencyMs: 5, errorRate: 0.5, errorKind: '503', methods: ['crm.item.*'] });
  assert.equal(saved.status, 200);
  const current = (await (await fetch(faultsUrl)).json()) as Record<string, unknown>;
  assert.equal(current.latencyMs, 5);
  assert.equal(current.errorKind, '503');
  assert.deepEqual(current.methods, ['crm.item.*']);
  assert.deepEqual(current.events, { drop: 0, duplicate: 0, reorder: false, delayMs: 0 });
  assert.equal((await put({ errorRate: 2 })).status, 400);
  assert.equal((await put({ nonsense: true })).status, 400);
  const reset = (await (await fetch(faultsUrl, { method: 'DELETE' })).json()) as Record<string, unknown>;
  assert.equal(reset.errorRate, 0);
  assert.equal(b24.faults.get().latencyMs, 0);
});

test('latencyMs delays REST answers', async () => {
  await put({ latencyMs: 250 });
  const started = Date.now();
  const { status } = await b24.call('user.current');
  assert.equal(status, 200);
  assert.ok(Date.now() - started >= 240);
});

test('500 answers the JSON error envelope; the methods filter spares other methods', async () => {
  await put({ errorRate: 1, errorKind: '500', methods: ['user.get'] });
  const failed = await b24.call('user.get');
  assert.deepEqual([failed.status, failed.body.error], [500, 'INTERNAL_SERVER_ERROR']);
  assert.equal((await b24.call('user.current')).status, 200);
});

test('503 answers an HTML proxy page, not JSON', async () => {
  b24.faults.set({ errorRate: 1, errorKind: '503' });
  const response = await fetch(`${b24.sandbox.webhookUrl}user.current.json`);
  assert.equal(response.status, 503);
  assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  assert.match(await response.text(), /503 Service Temporarily Unavailable/);
});

test('rateLimit: every call gets QUERY_LIMIT_EXCEEDED', async () => {
  b24.faults.set({ rateLimit: true });
  const { status, body } = await b24.call('user.current');
  assert.deepEqual(
    [status, body.error, body.error_description],
    [503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests'],
  );
});

test('timeout: no answer until the client gives up; at the cap the connection is dropped', async () => {
  b24.faults.set({ errorRate: 1, errorKind: 'timeout', timeoutCapMs: 400 });
  await assert.rejects(
    fetch(`${b24.sandbox.webhookUrl}user.current.json`, { signal: AbortSignal.timeout(150) }),
    (err: Error) => err.name === 'TimeoutError',
  );
  const started = Date.now();
  await assert.rejects(fetch(`${b24.sandbox.webhookUrl}user.current.json`), TypeError);
  assert.ok(Date.now() - started >= 350, 'held until the cap');
});

test('drop: the connection is destroyed without an answer', async () => {
  b24.faults.set({ errorRate: 1, errorKind: 'drop' });
  await assert.rejects(fetch(`${b24.sandbox.webhookUrl}user.current.json`), TypeError);
  b24.faults.reset();
  assert.equal((await b24.call('user.current')).status, 200);
});

test('seed makes partial error rates reproducible', async () => {
  const run = async () => {
    b24.faults.set({ seed: 42, errorRate: 0.5, errorKind: '500' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await b24.call('user.current')).status);
    return statuses;
  };
  const first = await run();
  assert.ok(first.includes(500) && first.includes(200), `mixed outcomes expected: ${first.join(',')}`);
  assert.deepEqual(await run(), first);
});

test('a plain startBitrix24Sandbox has faults wired: control endpoint, REST faults and event faults', async () => {
  const plain = await startBitrix24Sandbox({ port: 0, httpsPort: false });
  try {
    assert.equal(faultsFor(plain.store), plain.faults);
    const url = `${plain.httpUrl}/__sandbox/faults`;
    const saved = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 3, events: { drop: 0.25 }, rateLimit: true }),
    });
    assert.equal(saved.status, 200);
    assert.equal(plain.faults.eventFaults().drop, 0.25);
    assert.equal((await fetch(`${plain.webhookUrl}crm.type.list`)).status, 503);
  } finally {
    await plain.close();
  }
});

test('loseResponse performs the call, then drops the answer; times bounds it', async () => {
  await put({ loseResponse: true, times: 1, methods: ['crm.timeline.comment.add'] });
  const fields = { ENTITY_ID: 1, ENTITY_TYPE: 'company', COMMENT: 'ответ потерян' };
  await assert.rejects(b24.call('crm.timeline.comment.add', { fields }));
  // The write happened although its answer never came; the next call is answered normally.
  const { status, body } = await b24.call('crm.timeline.comment.list', {
    filter: { ENTITY_ID: 1, ENTITY_TYPE: 'company' },
  });
  assert.equal(status, 200);
  const comments = (body as { result: Array<{ COMMENT: string }> }).result;
  assert.equal(comments.filter((c) => c.COMMENT === 'ответ потерян').length, 1);
});

test('loseResponse also drops the answer of a batch carrying a matching command', async () => {
  await put({ loseResponse: true, times: 1, methods: ['crm.timeline.comment.add'] });
  const fields = { ENTITY_ID: 1, ENTITY_TYPE: 'company', COMMENT: 'ответ batch потерян' };
  // A batch without the method is answered.
  const other = await b24.call('batch', { cmd: { c: 'crm.company.get?id=1' } });
  assert.equal(other.status, 200);
  await assert.rejects(b24.call('batch', { cmd: { add: `crm.timeline.comment.add?${form(fields)}` } }));
  const { body } = await b24.call('crm.timeline.comment.list', {
    filter: { ENTITY_ID: 1, ENTITY_TYPE: 'company' },
  });
  const comments = (body as { result: Array<{ COMMENT: string }> }).result;
  assert.equal(comments.filter((c) => c.COMMENT === 'ответ batch потерян').length, 1);
});

function form(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([k, v]) => `fields[${k}]=${encodeURIComponent(String(v))}`)
    .join('&');
}
