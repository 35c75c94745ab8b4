/**
 * 32-bit FNV-1a over UTF-16 code units, as 8 hex digits: short, stable ids and markers (history event ids,
 * side-effect markers). Uniqueness within a request is all that is needed, not secrecy, and it must stay
 * pure and deterministic because workflows compute it too.
 */
export function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
