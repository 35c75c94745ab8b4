/**
 * Workflow ids are stored and shown in clear (the payload codec does not reach them), so a lock keyed by a
 * client's INN must not carry the INN itself. The key is a salted digest: the salt comes from a configured
 * secret and travels in the (encrypted) workflow input, so the id reveals nothing to someone who can only
 * read Temporal. Pure (it runs inside workflows); two FNV-1a passes give 64 bits — a collision would only
 * make two unrelated INNs wait for each other, never merge them.
 */
export function saltedKey(value: string, salt: string): string {
  const text = `${salt}\u0000${value}`;
  return (
    fnv1a(text, 0x811c9dc5).toString(16).padStart(8, '0') +
    fnv1a(text, 0x01000193).toString(16).padStart(8, '0')
  );
}

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
