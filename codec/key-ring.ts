/**
 * Encryption keys of the payload codec, by id. New payloads are sealed with the current key; every key in
 * the ring stays usable for opening, so rotating is: add a new key, make it current, keep the old one
 * until no retained history needs it (the namespace retention period).
 */
export const KEY_BYTES = 32;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface KeyRing {
  current: EncryptionKey;
  byId: ReadonlyMap<string, Buffer>;
}

/** Keys as the configuration holds them: id → base64 of 32 random bytes. */
export function keyRing(keys: Readonly<Record<string, string>>, currentKeyId: string): KeyRing {
  const byId = new Map<string, Buffer>();
  for (const [id, base64] of Object.entries(keys)) {
    const key = decodeKey(base64);
    if (!key) throw new Error(`codec key ${id}: must be base64 of exactly ${KEY_BYTES} bytes`);
    byId.set(id, key);
  }
  const current = byId.get(currentKeyId);
  if (!current) throw new Error(`codec.currentKeyId ${currentKeyId} is not one of codec.keys`);
  return { current: { id: currentKeyId, key: current }, byId };
}

/** The 32 key bytes, or undefined when the text is not canonical base64 of exactly that length. */
export function decodeKey(base64: string): Buffer | undefined {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const key = Buffer.from(text, 'base64');
  return key.length === KEY_BYTES ? key : undefined;
}
