/**
 * Hostile input, property-based: the receivers face the internet, so for arbitrary bodies, headers,
 * encodings and sizes they answer 400/401/413 (200/202 only for a genuine event), never a 5xx, and start
 * or signal nothing unless the request is authentic and well-formed — including forms that try to reach
 * the prototype chain (`__proto__`, `constructor`, `prototype`).
 */
import { createLogger } from '../../observability/logger';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import fc from 'fast-check';
import { startReceiver, type Receiver } from '../../client/receiver';
import type { RequestSignals } from '../../client/request-dispatcher';
import { parseOneCNotification } from '../../domain/onec-notification';
import { signOneCNotification } from '../../domain/onec-signature';

const TOKEN = 'portal-application-token';
const SECRET = 'notify-secret-0123456789';
const LIMIT = 4096;
const RUNS = { numRuns: 150 };

let signalled = 0;
const signals: RequestSignals = {
  bitrixItemChanged: async (itemId) => `request-b24-1038-${itemId}-${(signalled += 1)}`,
  onecStatusChanged: async (itemId) => `request-b24-1038-${itemId}-${(signalled += 1)}`,
  onecDocumentPosted: async (ref) => `request-onec-${ref}-${(signalled += 1)}`,
};
let receiver: Receiver;
before(async () => {
  receiver = await startReceiver({
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: LIMIT,
    applicationToken: TOKEN,
    onecSecret: SECRET,
    entityTypeId: 1038,
    dispatcher: signals,
    logger: createLogger({ level: 'silent', format: 'json' }),
  });
});
after(async () => receiver?.close());
beforeEach(() => {
  signalled = 0;
});

async function post(path: string, body: Uint8Array | string, headers: Record<string, string> = {}) {
  const response = await fetch(`${receiver.url}${path}`, { method: 'POST', headers, body });
  await response.arrayBuffer();
  return response.status;
}

/** Content types and encodings a client might claim, true or not. */
const contentType = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=windows-1251',
  'application/json; charset=utf-8',
  'multipart/form-data; boundary=x',
  'text/plain; charset=utf-16',
  'application/octet-stream',
);
const contentEncoding = fc.constantFrom(undefined, 'gzip', 'deflate', 'br', 'identity', 'x-unknown');
const headerValue = fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
const extraHeaders = fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,16}$/), headerValue, { maxKeys: 5 });
const rawBody = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.uint8Array({ minLength: LIMIT - 50, maxLength: LIMIT + 200 }),
);

function requestHeaders(type: string, encoding: string | undefined, extra: Record<string, string>) {
  return { ...extra, 'Content-Type': type, ...(encoding ? { 'Content-Encoding': encoding } : {}) };
}
const byteLength = (body: Uint8Array | string) =>
  typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;

describe('Bitrix24 receiver under hostile input', () => {
  test('arbitrary bodies, headers and sizes: 400/401/413, never 5xx, nothing started', async () => {
    await fc.assert(
      fc.asyncProperty(
        rawBody,
        contentType,
        contentEncoding,
        extraHeaders,
        async (body, type, encoding, extra) => {
          const status = await post('/webhooks/bitrix24', body, requestHeaders(type, encoding, extra));
          if (byteLength(body) > LIMIT) assert.equal(status, 413);
          else assert.ok([400, 401].includes(status), `status ${status}`);
          assert.equal(signalled, 0);
        },
      ),
      RUNS,
    );
  });

  const validPairs = (token: string): Array<[string, string]> => [
    ['event', 'ONCRMDYNAMICITEMUPDATE'],
    ['event_handler_id', '7'],
    ['data[FIELDS][ID]', '187'],
    ['data[FIELDS][ENTITY_TYPE_ID]', '1038'],
    ['ts', '1716543210'],
    ['auth[domain]', 'portal.bitrix24.ru'],
    ['auth[client_endpoint]', 'https://portal.bitrix24.ru/rest/'],
    ['auth[server_endpoint]', 'https://oauth.bitrix.info/rest/'],
    ['auth[member_id]', 'abc'],
    ['auth[application_token]', token],
  ];
  const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];
  const hostileKey = fc.oneof(
    fc
      .constantFrom(...PROTO_KEYS)
      .chain((p) =>
        fc.constantFrom(
          `${p}[auth][application_token]`,
          `${p}[event]`,
          `data[${p}][ID]`,
          `auth[${p}][x]`,
          `${p}`,
          `data[FIELDS][${p}]`,
          `${p}[data][FIELDS][ID]`,
        ),
      ),
    fc.constantFrom(
      'auth',
      'data',
      'data[FIELDS]',
      'data[FIELDS][ID][]',
      'event[]',
      'ts[x]',
      'auth[application_token][]',
      'a'.repeat(200),
      `x${'[y]'.repeat(70)}`,
    ),
    fc.string({ maxLength: 20 }),
  );
  const hostileValue = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(TOKEN, '0', '-1', '1e3', '99999999999999999999', ''),
  );

  test('mutated and prototype-polluting forms: never 5xx; 200 only with the real token pair', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.nat({ max: 9 }), { maxLength: 4 }),
        fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 6 }),
        fc.boolean(),
        async (realToken, dropped, added, protoOnlyAuth) => {
          let pairs = validPairs(realToken ? TOKEN : 'forged-token').filter((_, i) => !dropped.includes(i));
          if (protoOnlyAuth) {
            // The whole auth block only under __proto__: it must not count as present.
            pairs = pairs.map(([k, v]) => [
              k.startsWith('auth[') ? `__proto__[${k.replace('[', '][')}` : k,
              v,
            ]);
          }
          pairs.push(...added);
          const body = new URLSearchParams(pairs).toString();
          const before = signalled;
          const status = await post('/webhooks/bitrix24', body, {
            'Content-Type': 'application/x-www-form-urlencoded',
          });
          assert.ok([200, 400, 401, 413].includes(status), `status ${status} for ${body}`);
          const hasTokenPair = pairs.some(([k, v]) => k === 'auth[application_token]' && v === TOKEN);
          if (status === 200) assert.ok(hasTokenPair, `accepted without the token pair: ${body}`);
          if (status !== 200) assert.equal(signalled, before, 'a refused event signalled a workflow');
          if (protoOnlyAuth) assert.notEqual(status, 200);
        },
      ),
      RUNS,
    );
  });

  test('arbitrary paths and methods never reach a workflow', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.webPath(),
        fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'POST'),
        async (path, method) => {
          const target = path.startsWith('/') ? path : `/${path}`;
          const response = await fetch(`${receiver.url}${target}`, {
            method,
            ...(method === 'GET' ? {} : { body: 'x=1' }),
          });
          await response.arrayBuffer();
          assert.ok(response.status < 500, `${method} ${target} → ${response.status}`);
          assert.equal(signalled, 0);
        },
      ),
      RUNS,
    );
  });
});

describe('1C receiver under hostile input', () => {
  const now = () => new Date().toISOString();
  const valid = {
    event: 'zayavka.status_changed',
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
      ИдЭлементаБитрикс24: '187',
    },
    status: {
      Ref_Key: 'a3c1e002-d1a0-11ef-8a3b-0050569f2e01',
      PredefinedDataName: 'ВРаботе',
      Description: 'В работе',
      КодСтадииБитрикс24: 'DT1038_10:PREPARATION',
    },
    previousStatus: null,
  };

  test('unsigned or badly signed bodies of any kind: 401/413, never 5xx, nothing signalled', async () => {
    const signature = fc.oneof(
      fc.constant(undefined),
      headerValue,
      fc.constant(`sha256=${'0'.repeat(64)}`),
      fc.constant(signOneCNotification('wrong-secret-0123456789', now(), JSON.stringify(valid))),
    );
    await fc.assert(
      fc.asyncProperty(
        rawBody,
        signature,
        headerValue,
        contentEncoding,
        async (body, sig, timestamp, encoding) => {
          const headers: Record<string, string> = requestHeaders('application/json', encoding, {});
          if (sig !== undefined) headers['X-OneC-Signature'] = sig;
          headers['X-OneC-Timestamp'] = timestamp;
          const status = await post('/webhooks/onec', body, headers);
          if (byteLength(body) > LIMIT) assert.equal(status, 413);
          else assert.equal(status, 401);
          assert.equal(signalled, 0);
        },
      ),
      RUNS,
    );
  });

  test('correctly signed but arbitrary or mutated JSON: 400 unless it really is a notification', async () => {
    const PROTO = ['__proto__', 'constructor', 'prototype'];
    const mutated = fc
      .tuple(
        fc.constantFrom('event', 'eventId', 'occurredAtUtc', 'zayavka', 'status', 'initiator', ...PROTO),
        fc.jsonValue({ maxDepth: 2 }),
        fc.boolean(),
      )
      .map(([key, value, nested]) => {
        const copy: Record<string, unknown> = JSON.parse(JSON.stringify(valid));
        // Own properties even for "__proto__" — exactly what JSON.parse produces from hostile text.
        const target = nested ? (copy['zayavka'] as Record<string, unknown>) : copy;
        Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
        return JSON.stringify(copy);
      });
    const text = fc.oneof(
      mutated,
      fc.json({ maxDepth: 3 }),
      fc.constantFrom('{"__proto__":{"event":"zayavka.status_changed"}}', '\uFEFF{}', 'null', '[]', '{', ''),
    );
    await fc.assert(
      fc.asyncProperty(text, async (body) => {
        const timestamp = now();
        const before = signalled;
        const status = await post('/webhooks/onec', body, {
          'Content-Type': 'application/json; charset=utf-8',
          'X-OneC-Timestamp': timestamp,
          'X-OneC-Signature': signOneCNotification(SECRET, timestamp, body),
        });
        const genuine = parseOneCNotification(body).success;
        if (!genuine) {
          assert.equal(status, 400, body);
          assert.equal(signalled, before);
        } else {
          assert.ok([200, 202].includes(status), `status ${status}`);
        }
      }),
      RUNS,
    );
  });
});
