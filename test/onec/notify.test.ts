/** The emulated 1C extension (§8.3): status-change notifications, signature, initiator, retries. */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signOneCNotification, verifyOneCSignature } from '../../domain/onec-signature';
import { createRequest, IDS, startClient, type TestClient } from './helpers';
import { startReceiver, type Receiver } from './receiver';

const SECRET = 'test-secret';

describe('1C sandbox: status notifications', () => {
  let c: TestClient;
  let r: Receiver;
  before(async () => {
    r = await startReceiver();
    c = await startClient({
      notifyUrl: r.url,
      notifySecret: SECRET,
      notifyRetryDelaysMs: [20, 20, 20],
      notifyTimeoutMs: 500,
    });
  });
  after(async () => {
    await c.sb.close();
    await r.close();
  });
  beforeEach(() => {
    r.received.length = 0;
    r.script = [];
  });

  it('the signature the sandbox sends is sha256=<hex HMAC-SHA256 over "timestamp.body">', () => {
    const ts = '2025-01-13T07:20:05Z';
    const sig = signOneCNotification('key', ts, '{}');
    assert.match(sig, /^sha256=[0-9a-f]{64}$/);
    assert.equal(sig, signOneCNotification('key', ts, '{}'));
    assert.notEqual(sig, signOneCNotification('key', '2025-01-13T07:20:06Z', '{}'));
    const now = Date.parse(ts);
    const check = (signature: string) =>
      verifyOneCSignature({ secret: 'key', timestamp: ts, body: 'b', signature, now });
    assert.ok(check(signOneCNotification('key', ts, 'b')));
    assert.ok(!check('sha256=00'));
  });

  it('creation with a status sends zayavka.status_changed with previousStatus null, initiator user', async () => {
    const doc = await createRequest(c);
    await c.sb.notifications.idle();
    assert.equal(r.received.length, 1);
    const { headers, body } = r.received[0]!;
    const timestamp = String(headers['x-onec-timestamp']);
    assert.match(timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(headers['x-onec-signature'], signOneCNotification(SECRET, timestamp, body));
    assert.match(String(headers['content-type']), /^application\/json; charset=utf-8$/);
    const event = JSON.parse(body) as Record<string, unknown>;
    assert.equal(event.eventId, headers['x-onec-event-id']);
    assert.equal(event.event, 'zayavka.status_changed');
    assert.equal(event.infobase, 'zayavki');
    assert.equal(event.initiator, 'user');
    assert.equal(event.previousStatus, null);
    assert.deepEqual(event.zayavka, {
      Ref_Key: doc.Ref_Key,
      Number: doc.Number,
      Date: doc.Date,
      DataVersion: doc.DataVersion,
      ИдЭлементаБитрикс24: '187',
    });
    assert.deepEqual(event.status, {
      Ref_Key: IDS.statusNew,
      PredefinedDataName: 'Новая',
      Description: 'Новая',
      КодСтадииБитрикс24: 'DT1038_10:NEW',
    });
    assert.match(String(event.occurredAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    assert.match(String(event.occurredAtUtc), /Z$/);
    assert.deepEqual(Object.keys(event), [
      'event',
      'eventId',
      'occurredAt',
      'occurredAtUtc',
      'infobase',
      'initiator',
      'zayavka',
      'status',
      'previousStatus',
    ]);
  });

  it('PATCH of Статус_Key with DataLoadMode → initiator integration, previousStatus filled; other writes are silent', async () => {
    const doc = await createRequest(c);
    await c.sb.notifications.idle();
    r.received.length = 0;
    await c.call('PATCH', `Document_Заявка(guid'${String(doc.Ref_Key)}')?$format=json`, {
      body: { Описание: 'no status change' },
    });
    await c.call('POST', `Document_Заявка(guid'${String(doc.Ref_Key)}')/Post`);
    await c.call('PATCH', `Document_Заявка(guid'${String(doc.Ref_Key)}')?$format=json`, {
      body: { Статус_Key: IDS.statusInWork },
      headers: { '1C_OData-DataLoadMode': 'true' },
    });
    await c.sb.notifications.idle();
    assert.equal(r.received.length, 1);
    const event = JSON.parse(r.received[0]!.body) as Record<string, Record<string, unknown>>;
    assert.equal(event.initiator as unknown, 'integration');
    assert.equal(event.status?.PredefinedDataName, 'ВРаботе');
    assert.equal(event.previousStatus?.Ref_Key, IDS.statusNew);
  });

  it('posting a document not linked to Bitrix24 sends zayavka.posted; linked or data-load writes do not', async () => {
    const unlinked = await createRequest(c, { ИдЭлементаБитрикс24: '' });
    const linked = await createRequest(c);
    await c.sb.notifications.idle();
    r.received.length = 0;
    await c.call('POST', `Document_Заявка(guid'${String(unlinked.Ref_Key)}')/Post`);
    await c.call('POST', `Document_Заявка(guid'${String(linked.Ref_Key)}')/Post`);
    await c.sb.notifications.idle();
    assert.equal(r.received.length, 1);
    const event = JSON.parse(r.received[0]!.body) as Record<string, unknown> & {
      zayavka: Record<string, unknown>;
      status: Record<string, unknown>;
    };
    assert.equal(event.event, 'zayavka.posted');
    assert.equal(event.initiator, 'user');
    assert.equal(event.zayavka.Ref_Key, unlinked.Ref_Key);
    assert.equal(event.zayavka.ИдЭлементаБитрикс24, '');
    assert.equal(event.status.PredefinedDataName, 'Новая');
    assert.ok(!('previousStatus' in event));

    // Changed while posted → reported again; linking it (our data-load write) → silent from then on.
    r.received.length = 0;
    const path = `Document_Заявка(guid'${String(unlinked.Ref_Key)}')?$format=json`;
    await c.call('PATCH', path, { body: { Описание: 'уточнено' } });
    await c.call('PATCH', path, {
      body: { ИдЭлементаБитрикс24: '501' },
      headers: { '1C_OData-DataLoadMode': 'true' },
    });
    await c.call('PATCH', path, { body: { Описание: 'ещё раз' } });
    await c.sb.notifications.idle();
    assert.deepEqual(
      r.received.map((n) => (JSON.parse(n.body) as { event: string }).event),
      ['zayavka.posted'],
    );
  });

  it('the write answers before delivery: a slow receiver never delays OData', async () => {
    r.script = [0];
    const started = Date.now();
    await createRequest(c);
    assert.ok(Date.now() - started < 400);
    await c.sb.notifications.idle();
  });

  it('5xx and dropped connections are retried with the same eventId and body', async () => {
    r.script = [503, 0, 500];
    await createRequest(c);
    await c.sb.notifications.idle();
    assert.equal(r.received.length, 4);
    const ids = new Set(r.received.map((x) => x.headers['x-onec-event-id']));
    const bodies = new Set(r.received.map((x) => x.body));
    assert.equal(ids.size, 1);
    assert.equal(bodies.size, 1);
    const record = c.sb.notifications.list().find((n) => n.eventId === [...ids][0]);
    assert.equal(record?.state, 'delivered');
    assert.equal(record?.attempts, 4);
  });

  it('4xx other than 408/429 is permanent; exhausting the schedule marks failed', async () => {
    r.script = [400];
    await createRequest(c);
    await c.sb.notifications.idle();
    assert.equal(r.received.length, 1);
    assert.equal(c.sb.notifications.list().at(-1)?.state, 'failed');
    r.received.length = 0;
    r.script = [429, 408, 500, 500];
    await createRequest(c);
    await c.sb.notifications.idle();
    assert.equal(r.received.length, 4, 'first attempt + 3 retries');
    assert.equal(c.sb.notifications.list().at(-1)?.state, 'failed');
  });

  it('notification faults: drop, duplicate, delay; GET /__sandbox/notifications lists them', async () => {
    c.sb.faults.set({ notify: { dropRate: 1 } });
    await createRequest(c);
    await c.sb.notifications.idle();
    assert.equal(r.received.length, 0);
    assert.equal(c.sb.notifications.list().at(-1)?.state, 'dropped');
    c.sb.faults.set({ notify: { duplicate: true, delayMs: 50 } });
    const started = Date.now();
    await createRequest(c);
    await c.sb.notifications.idle();
    assert.ok(Date.now() - started >= 45);
    assert.equal(r.received.length, 2);
    assert.equal(r.received[0]?.headers['x-onec-event-id'], r.received[1]?.headers['x-onec-event-id']);
    c.sb.faults.reset();
    const list = await c.call('GET', `${c.sb.baseUrl}/__sandbox/notifications`);
    assert.equal(list.status, 200);
    const items = JSON.parse(list.text) as { state: string; deliveries: number }[];
    assert.equal(items.at(-1)?.deliveries, 2);
  });

  it('setNotifyTarget switches the target at runtime; no target = nothing sent', async () => {
    c.sb.setNotifyTarget(undefined);
    const before = c.sb.notifications.list().length;
    await createRequest(c);
    assert.equal(c.sb.notifications.list().length, before);
    c.sb.setNotifyTarget(r.url, 'other');
    await createRequest(c);
    await c.sb.notifications.idle();
    const last = r.received.at(-1)!;
    assert.equal(
      last.headers['x-onec-signature'],
      signOneCNotification('other', String(last.headers['x-onec-timestamp']), last.body),
    );
    c.sb.setNotifyTarget(r.url, SECRET);
  });
});
