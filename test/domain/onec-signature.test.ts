import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { checkOneCSignature, signOneCNotification, verifyOneCSignature } from '../../domain/onec-signature';

const secret = 'test-secret-0123456789';
const timestamp = '2025-01-13T07:20:05Z';
const body = '{"event":"zayavka.status_changed","status":"ВРаботе"}';
const now = Date.parse(timestamp) + 10_000;

describe('signOneCNotification', () => {
  it('is HMAC-SHA256 over "timestamp.body", lowercase hex with the sha256= prefix', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
    assert.equal(signOneCNotification(secret, timestamp, body), `sha256=${expected}`);
    assert.equal(signOneCNotification(secret, timestamp, Buffer.from(body, 'utf8')), `sha256=${expected}`);
  });

  it('matches fixed vectors (computed with openssl; the 1C extension README quotes them)', () => {
    assert.equal(
      signOneCNotification('Jefe', '2025-01-13T07:20:05Z', 'what do ya want for nothing?'),
      'sha256=fbc5569cca2b6955cfc5c85ba6135939164dcabda792367380510055d5fccfa8',
    );
    assert.equal(
      signOneCNotification('секрет-secret', '2025-01-13T07:20:05Z', '{"status":"ВРаботе"}'),
      'sha256=ea90ae070af1b5fe6e1316c15d6874c2494a41247d391b112df0dcae375ddcb3',
    );
  });
});

describe('verifyOneCSignature', () => {
  const signature = signOneCNotification(secret, timestamp, body);

  it('accepts a correct signature inside the window, given as Date or ms, in upper-case hex too', () => {
    assert.equal(verifyOneCSignature({ secret, timestamp, body, signature, now }), true);
    assert.equal(verifyOneCSignature({ secret, timestamp, body, signature, now: new Date(now) }), true);
    assert.equal(
      verifyOneCSignature({
        secret,
        timestamp,
        body,
        signature: `sha256=${signature.slice(7).toUpperCase()}`,
        now,
      }),
      true,
    );
  });

  it('rejects a changed body, timestamp or secret', () => {
    assert.deepEqual(checkOneCSignature({ secret, timestamp, body: body + ' ', signature, now }), {
      ok: false,
      reason: 'mismatch',
    });
    assert.deepEqual(checkOneCSignature({ secret: 'other', timestamp, body, signature, now }), {
      ok: false,
      reason: 'mismatch',
    });
    const t2 = '2025-01-13T07:20:06Z';
    assert.deepEqual(checkOneCSignature({ secret, timestamp: t2, body, signature, now }), {
      ok: false,
      reason: 'mismatch',
    });
  });

  it('enforces the ±5 minute window by default, and a custom one', () => {
    const sentAt = Date.parse(timestamp);
    assert.equal(verifyOneCSignature({ secret, timestamp, body, signature, now: sentAt + 300_000 }), true);
    assert.deepEqual(checkOneCSignature({ secret, timestamp, body, signature, now: sentAt + 300_001 }), {
      ok: false,
      reason: 'outside-window',
    });
    assert.deepEqual(checkOneCSignature({ secret, timestamp, body, signature, now: sentAt - 300_001 }), {
      ok: false,
      reason: 'outside-window',
    });
    assert.equal(
      verifyOneCSignature({ secret, timestamp, body, signature, now: sentAt + 60_000, toleranceSeconds: 30 }),
      false,
    );
  });

  it('rejects malformed headers without throwing', () => {
    for (const bad of [
      '',
      'sha256=',
      'sha1=abc',
      signature.slice(7),
      `sha256=${'z'.repeat(64)}`,
      `${signature}00`,
    ]) {
      assert.deepEqual(
        checkOneCSignature({ secret, timestamp, body, signature: bad, now }),
        { ok: false, reason: 'malformed-signature' },
        bad,
      );
    }
    for (const bad of ['', '2025-01-13 07:20:05', '1736752805', '2025-13-45T07:20:05Z']) {
      assert.deepEqual(
        checkOneCSignature({ secret, timestamp: bad, body, signature, now }),
        { ok: false, reason: 'malformed-timestamp' },
        bad,
      );
    }
  });
});
