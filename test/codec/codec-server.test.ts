import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defaultPayloadConverter } from '@temporalio/common';
import fc from 'fast-check';
import { startCodecServer, type CodecServer } from '../../codec/codec-server';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { keyRing } from '../../codec/key-ring';

const TOKEN = 'ui-codec-token-0123456789';
const UI = 'http://127.0.0.1:8233';
const codec = new EncryptionCodec(keyRing({ k1: Buffer.alloc(32, 7).toString('base64') }, 'k1'));
const CLIENT = { phone: '+74951112233', inn: '7701020304' };

let server: CodecServer;
before(async () => {
  server = await startCodecServer({
    host: '127.0.0.1',
    port: 0,
    codec,
    tokens: [TOKEN],
    allowedOrigins: [UI],
    namespace: 'default',
    log: () => {},
  });
});
after(async () => server?.close());

/** A payload as the Web UI sends it: metadata values and data in base64. */
async function sealedJson() {
  const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(CLIENT)]);
  assert.ok(sealed);
  return {
    metadata: Object.fromEntries(
      Object.entries(sealed.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
    ),
    data: Buffer.from(sealed.data ?? []).toString('base64'),
  };
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', ...headers },
    body: JSON.stringify(body),
  });

describe('codec server', () => {
  test('decodes with a bearer token, answering in the Web UI format with CORS for the UI origin', async () => {
    const response = await post(
      '/decode',
      { payloads: [await sealedJson()] },
      {
        Authorization: `Bearer ${TOKEN}`,
        Origin: UI,
      },
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), UI);
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    const { payloads } = (await response.json()) as {
      payloads: Array<{ metadata: Record<string, string>; data: string }>;
    };
    const [opened] = payloads;
    assert.ok(opened);
    assert.equal(Buffer.from(opened.metadata['encoding'] ?? '', 'base64').toString(), 'json/plain');
    assert.deepEqual(JSON.parse(Buffer.from(opened.data, 'base64').toString('utf8')), CLIENT);
  });

  test('encode then decode round-trips (the UI encodes what a user types to signal or start)', async () => {
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('"x"').toString('base64'),
    };
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const encoded = (await (await post('/default/encode', { payloads: [plain] }, auth)).json()) as {
      payloads: unknown[];
    };
    const encoding = (encoded.payloads[0] as { metadata: Record<string, string> }).metadata['encoding'] ?? '';
    assert.equal(Buffer.from(encoding, 'base64').toString(), 'binary/encrypted');
    const decoded = (await (await post('/default/decode', encoded, auth)).json()) as { payloads: unknown[] };
    assert.deepEqual(decoded.payloads, [plain]);
  });

  test('without a valid token nothing is decoded: 401', async () => {
    const body = { payloads: [await sealedJson()] };
    const attempts: Array<Record<string, string>> = [
      {},
      { Authorization: 'Bearer wrong-token-0123456789' },
      { Authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const response = await post('/decode', body, headers);
      assert.equal(response.status, 401);
      const text = await response.text();
      assert.equal(text.includes('7701020304'), false);
    }
    assert.equal((await post('/encode', body)).status, 401);
  });

  test('CORS preflight allows the UI origin with the headers it sends; other origins are refused', async () => {
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: {
        Origin: UI,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-namespace,content-type,authorization',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), UI);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const name of ['x-namespace', 'content-type', 'authorization'])
      assert.ok(allowed.includes(name), name);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);

    const foreign = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example' },
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    const foreignPost = await post(
      '/decode',
      { payloads: [] },
      { Authorization: `Bearer ${TOKEN}`, Origin: 'https://evil.example' },
    );
    assert.equal(foreignPost.status, 403);
  });

  test('a browser session from /login works as credentials; a wrong token sets no cookie', async () => {
    // A browser posting the sign-in form names the codec server's own origin; another site may not sign in.
    const login = (token: string, origin = server.url) =>
      fetch(`${server.url}/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
        body: new URLSearchParams({ token }).toString(),
      });
    const refused = await login('not-the-token-0123456789');
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('set-cookie'), null);
    const forged = await login(TOKEN, 'https://evil.example');
    assert.equal(forged.status, 403);
    assert.equal(forged.headers.get('set-cookie'), null);
    const accepted = await login(TOKEN);
    assert.equal(accepted.status, 200);
    const cookie = accepted.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const response = await post(
      '/decode',
      { payloads: [await sealedJson()] },
      { Cookie: cookie.split(';')[0] ?? '', Origin: UI },
    );
    assert.equal(response.status, 200);
  });

  test('another namespace, malformed bodies and wrong methods are refused without a 500', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    assert.equal((await post('/decode', { payloads: [] }, { ...auth, 'X-Namespace': 'other' })).status, 403);
    assert.equal((await post('/other/decode', { payloads: [] }, auth)).status, 403);
    assert.equal((await post('/decode', { nope: 1 }, auth)).status, 400);
    assert.equal((await post('/decode', { payloads: [{ data: '%%%' }] }, auth)).status, 400);
    const notJson = await fetch(`${server.url}/decode`, { method: 'POST', headers: auth, body: '{' });
    assert.equal(notJson.status, 400);
    assert.equal((await fetch(`${server.url}/decode`, { headers: auth })).status, 405);
    assert.equal((await fetch(`${server.url}/elsewhere`, { headers: auth })).status, 404);
  });

  test('a payload sealed with an unknown key comes back as it was, the others are decoded', async () => {
    const other = new EncryptionCodec(keyRing({ gone: Buffer.alloc(32, 9).toString('base64') }, 'gone'));
    const [foreign] = await other.encode([defaultPayloadConverter.toPayload('x')]);
    assert.ok(foreign);
    const foreignJson = {
      metadata: Object.fromEntries(
        Object.entries(foreign.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
      ),
      data: Buffer.from(foreign.data ?? []).toString('base64'),
    };
    const response = await post(
      '/decode',
      { payloads: [foreignJson, await sealedJson()] },
      { Authorization: `Bearer ${TOKEN}` },
    );
    assert.equal(response.status, 200);
    const { payloads } = (await response.json()) as { payloads: Array<{ data: string }> };
    assert.deepEqual(payloads[0], foreignJson);
    assert.deepEqual(JSON.parse(Buffer.from(payloads[1]?.data ?? '', 'base64').toString()), CLIENT);
  });

  test('arbitrary bodies, paths and tokens: never a 5xx, never a decoded payload without the token', async () => {
    const sealed = await sealedJson();
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc
        .array(
          fc.record({ metadata: fc.dictionary(fc.string(), fc.base64String()), data: fc.base64String() }),
          { maxLength: 3 },
        )
        .map((payloads) => JSON.stringify({ payloads })),
      fc.constant(JSON.stringify({ payloads: [sealed] })),
    );
    const auth = fc.oneof(
      fc.constant(undefined),
      fc.constant(`Bearer ${TOKEN}`),
      fc.string({ maxLength: 30 }).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, '')}`),
    );
    await fc.assert(
      fc.asyncProperty(
        body,
        auth,
        fc.constantFrom('/decode', '/encode', '//', '/default/decode', '/a/b/decode'),
        async (text, authorization, path) => {
          const response = await fetch(`${server.url}${path}`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              ...(authorization ? { Authorization: authorization } : {}),
            },
            body: text,
          });
          const answer = await response.text();
          assert.ok(response.status < 500, `${path} → ${response.status}`);
          if (authorization !== `Bearer ${TOKEN}`) {
            assert.notEqual(response.status, 200);
            assert.equal(answer.includes(Buffer.from('7701020304').toString('base64').slice(0, 8)), false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
