import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { signOneCNotification } from '../../domain/onec-signature';
import { startReceiver, type Receiver } from '../../client/receiver';
import { createLogger } from '../../observability/logger';
import type { RequestSignals } from '../../client/request-dispatcher';
import type { BitrixItemChanged, OneCDocumentPosted, OneCStatusChanged } from '../../workflows/messages';

const TOKEN = 'portal-application-token';
const SECRET = 'notify-secret-0123456789';

class RecordingSignals implements RequestSignals {
  bitrix: Array<[number, BitrixItemChanged]> = [];
  onec: Array<[number, OneCStatusChanged]> = [];
  failWith: Error | undefined;
  async bitrixItemChanged(itemId: number, change: BitrixItemChanged): Promise<string> {
    if (this.failWith) throw this.failWith;
    this.bitrix.push([itemId, change]);
    return `request-b24-1038-${itemId}`;
  }
  async onecStatusChanged(itemId: number, change: OneCStatusChanged): Promise<string> {
    if (this.failWith) throw this.failWith;
    this.onec.push([itemId, change]);
    return `request-b24-1038-${itemId}`;
  }
  posted: Array<[string, OneCDocumentPosted]> = [];
  async onecDocumentPosted(documentRef: string, notice: OneCDocumentPosted): Promise<string> {
    if (this.failWith) throw this.failWith;
    this.posted.push([documentRef, notice]);
    return `request-onec-${documentRef}`;
  }
}

const signals = new RecordingSignals();
let receiver: Receiver;
before(async () => {
  receiver = await startReceiver({
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: 4096,
    applicationToken: TOKEN,
    onecSecret: SECRET,
    entityTypeId: 1038,
    dispatcher: signals,
    logger: createLogger({ level: 'silent', format: 'json' }),
  });
});
after(async () => receiver?.close());
beforeEach(() => {
  signals.bitrix = [];
  signals.onec = [];
  signals.posted = [];
  signals.failWith = undefined;
});

function bitrixForm(overrides: Record<string, string> = {}): string {
  return new URLSearchParams({
    event: 'ONCRMDYNAMICITEMADD',
    event_handler_id: '7',
    'data[FIELDS][ID]': '187',
    'data[FIELDS][ENTITY_TYPE_ID]': '1038',
    ts: '1716543210',
    'auth[domain]': 'portal.bitrix24.ru',
    'auth[client_endpoint]': 'https://portal.bitrix24.ru/rest/',
    'auth[server_endpoint]': 'https://oauth.bitrix.info/rest/',
    'auth[member_id]': 'abc',
    'auth[application_token]': TOKEN,
    ...overrides,
  }).toString();
}

const postBitrix = (body: string) =>
  fetch(`${receiver.url}/webhooks/bitrix24`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });

function notification(itemId = '187', event = 'zayavka.status_changed') {
  return JSON.stringify({
    event,
    eventId: '0b6f0c7e-d1c5-11ef-8a3b-0050569f2e01',
    occurredAt: '2025-01-13T10:20:05',
    occurredAtUtc: '2025-01-13T07:20:05Z',
    infobase: 'zayavki',
    initiator: 'user',
    zayavka: {
      Ref_Key: '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01',
      Number: '000000015',
      Date: '2025-01-13T10:15:00',
      DataVersion: 'AAAAFgAAAAA=',
      ИдЭлементаБитрикс24: itemId,
    },
    status: {
      Ref_Key: 'a3c1e002-d1a0-11ef-8a3b-0050569f2e01',
      PredefinedDataName: 'ВРаботе',
      Description: 'В работе',
      КодСтадииБитрикс24: 'DT1038_10:PREPARATION',
    },
    previousStatus: null,
  });
}

function postOneC(body: string, { timestamp = new Date().toISOString(), secret = SECRET } = {}) {
  return fetch(`${receiver.url}/webhooks/onec`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'X-OneC-Timestamp': timestamp,
      'X-OneC-Signature': signOneCNotification(secret, timestamp, body),
    },
    body,
  });
}

describe('receiver: Bitrix24 events', () => {
  test('a valid item event signals the request workflow, naming the handler registration it came to', async () => {
    const response = await postBitrix(bitrixForm());
    assert.equal(response.status, 200);
    assert.deepEqual(signals.bitrix, [[187, { event: 'add', ts: 1716543210, handler: 7 }]]);
  });

  test('a wrong application token is 401 and starts nothing', async () => {
    const response = await postBitrix(bitrixForm({ 'auth[application_token]': 'forged' }));
    assert.equal(response.status, 401);
    assert.equal(signals.bitrix.length, 0);
  });

  test('a malformed event is 400 naming the bad field', async () => {
    const response = await postBitrix(bitrixForm({ 'data[FIELDS][ID]': 'abc' }));
    assert.equal(response.status, 400);
    assert.match(JSON.stringify(await response.json()), /data\.FIELDS\.ID/);
    assert.equal(signals.bitrix.length, 0);
  });

  test('events of other smart processes are acknowledged and ignored', async () => {
    const response = await postBitrix(bitrixForm({ 'data[FIELDS][ENTITY_TYPE_ID]': '1040' }));
    assert.equal(response.status, 200);
    assert.equal(signals.bitrix.length, 0);
  });

  test('an oversized body is 413', async () => {
    const response = await postBitrix(bitrixForm({ filler: 'x'.repeat(10_000) }));
    assert.equal(response.status, 413);
    assert.equal(signals.bitrix.length, 0);
  });

  test('wrong method and unknown path', async () => {
    assert.equal((await fetch(`${receiver.url}/webhooks/bitrix24`)).status, 405);
    assert.equal((await fetch(`${receiver.url}/nope`, { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${receiver.url}/healthz`)).status, 200);
  });

  test('Temporal unavailable answers 503 so the sender may retry', async () => {
    signals.failWith = new Error('connection refused');
    assert.equal((await postBitrix(bitrixForm())).status, 503);
  });
});

describe('receiver: 1C notifications', () => {
  test('a signed notification signals the workflow with the UTC time and status name', async () => {
    const response = await postOneC(notification());
    assert.equal(response.status, 200);
    assert.deepEqual(signals.onec, [
      [
        187,
        {
          eventId: '0b6f0c7e-d1c5-11ef-8a3b-0050569f2e01',
          status: 'ВРаботе',
          occurredAt: '2025-01-13T07:20:05Z',
          initiator: 'user',
        },
      ],
    ]);
  });

  test('a bad signature or a stale timestamp is 401', async () => {
    assert.equal((await postOneC(notification(), { secret: 'wrong-secret-xxxxxxxx' })).status, 401);
    assert.equal((await postOneC(notification(), { timestamp: '2020-01-01T00:00:00Z' })).status, 401);
    assert.equal(signals.onec.length, 0);
  });

  test('a signed but malformed body is 400', async () => {
    const response = await postOneC('{"event":"zayavka.status_changed"}');
    assert.equal(response.status, 400);
    assert.equal(signals.onec.length, 0);
  });

  test('a posted document not linked to Bitrix24 starts its 1C-born workflow', async () => {
    const response = await postOneC(notification('', 'zayavka.posted'));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      accepted: '0b6f0c7e-d1c5-11ef-8a3b-0050569f2e01',
      workflowId: 'request-onec-7d2e4f60-d1c4-11ef-8a3b-0050569f2e01',
    });
    assert.deepEqual(signals.posted, [
      ['7d2e4f60-d1c4-11ef-8a3b-0050569f2e01', { eventId: '0b6f0c7e-d1c5-11ef-8a3b-0050569f2e01' }],
    ]);
    assert.equal(signals.onec.length, 0);
  });

  test('a status change of an unlinked document goes to its 1C-born workflow, not to an item', async () => {
    const response = await postOneC(notification(''));
    assert.equal(response.status, 200);
    assert.equal(signals.posted.length, 1);
    assert.equal(signals.onec.length, 0);
  });

  test('a posted document already linked (e.g. created from Bitrix24) is acknowledged with 202 only', async () => {
    const response = await postOneC(notification('187', 'zayavka.posted'));
    assert.equal(response.status, 202);
    assert.equal(signals.posted.length, 0);
    assert.equal(signals.onec.length, 0);
  });
});

describe('receiver: 1C-born requests switched off', () => {
  test('unlinked documents are acknowledged with 202 and start nothing', async () => {
    const off = await startReceiver({
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 4096,
      applicationToken: TOKEN,
      onecSecret: SECRET,
      entityTypeId: 1038,
      dispatcher: signals,
      onecRequests: false,
      logger: createLogger({ level: 'silent', format: 'json' }),
    });
    try {
      const body = notification('', 'zayavka.posted');
      const timestamp = new Date().toISOString();
      const response = await fetch(`${off.url}/webhooks/onec`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'X-OneC-Timestamp': timestamp,
          'X-OneC-Signature': signOneCNotification(SECRET, timestamp, body),
        },
        body,
      });
      assert.equal(response.status, 202);
      assert.equal(signals.posted.length, 0);
    } finally {
      await off.close();
    }
  });
});
