import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../codec/encryption-codec';
import { keyRing } from '../../codec/key-ring';

const KEY_A = Buffer.alloc(32, 0xa1).toString('base64');
const KEY_B = Buffer.alloc(32, 0xb2).toString('base64');
const CLIENT = { phone: '+74951112233', email: 'info@vector.ru', inn: '7701020304', name: 'ООО "Вектор"' };
const meta = (p: Payload, key: string) => Buffer.from(p.metadata?.[key] ?? []).toString('utf8');

describe('AES-256-GCM payload codec', () => {
  test('round-trips a payload and leaves nothing of it in clear', async () => {
    const codec = new EncryptionCodec(keyRing({ a: KEY_A }, 'a'));
    const payload = defaultPayloadConverter.toPayload(CLIENT);
    const [sealed] = await codec.encode([payload]);
    assert.ok(sealed);
    assert.equal(meta(sealed, 'encoding'), ENCRYPTED_ENCODING);
    assert.equal(meta(sealed, KEY_ID_METADATA), 'a');
    const bytes = Buffer.from(sealed.data ?? []);
    for (const value of [...Object.values(CLIENT), 'json/plain']) {
      assert.equal(bytes.includes(Buffer.from(value, 'utf8')), false, value);
    }
    const [opened] = await codec.decode([sealed]);
    assert.ok(opened);
    assert.deepEqual(defaultPayloadConverter.fromPayload(opened), CLIENT);
  });

  test('the same value sealed twice gives different ciphertexts (random nonce)', async () => {
    const codec = new EncryptionCodec(keyRing({ a: KEY_A }, 'a'));
    const payload = defaultPayloadConverter.toPayload('same');
    const [one, two] = await codec.encode([payload, payload]);
    assert.notDeepEqual(Buffer.from(one?.data ?? []), Buffer.from(two?.data ?? []));
  });

  test('rotation: new payloads use the current key, older ones still open', async () => {
    const before = new EncryptionCodec(keyRing({ a: KEY_A }, 'a'));
    const after = new EncryptionCodec(keyRing({ a: KEY_A, b: KEY_B }, 'b'));
    const [old] = await before.encode([defaultPayloadConverter.toPayload(CLIENT)]);
    const [fresh] = await after.encode([defaultPayloadConverter.toPayload(CLIENT)]);
    assert.ok(old && fresh);
    assert.equal(meta(fresh, KEY_ID_METADATA), 'b');
    const opened = await after.decode([old, fresh]);
    assert.deepEqual(
      opened.map((p) => defaultPayloadConverter.fromPayload(p)),
      [CLIENT, CLIENT],
    );
  });

  test('payloads written before encryption pass through; unknown keys and tampering are refused', async () => {
    const codec = new EncryptionCodec(keyRing({ a: KEY_A }, 'a'));
    const plain = defaultPayloadConverter.toPayload({ x: 1 });
    assert.deepEqual(await codec.decode([plain]), [plain]);

    const other = new EncryptionCodec(keyRing({ z: KEY_B }, 'z'));
    const [foreign] = await other.encode([plain]);
    assert.ok(foreign);
    await assert.rejects(codec.decode([foreign]), /unknown key id "z"/);

    const [sealed] = await codec.encode([plain]);
    assert.ok(sealed?.data);
    const tampered = Buffer.from(sealed.data);
    tampered[20] = (tampered[20] ?? 0) ^ 1;
    await assert.rejects(codec.decode([{ ...sealed, data: tampered }]));
    // The key id is authenticated: relabelling a payload with another known key fails too.
    const twoKeys = new EncryptionCodec(keyRing({ a: KEY_A, b: KEY_A }, 'a'));
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: Buffer.from('b') } };
    await assert.rejects(twoKeys.decode([relabelled]));
  });

  test('key ring refuses keys that are not 32 bytes and a current id not in the ring', () => {
    assert.throws(() => keyRing({ a: Buffer.alloc(31).toString('base64') }, 'a'), /exactly 32 bytes/);
    assert.throws(() => keyRing({ a: KEY_A }, 'b'), /not one of codec.keys/);
  });
});
