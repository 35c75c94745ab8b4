/**
 * Version-1 (time-based) GUIDs like the platform issues: third group starts with `1`. Some clients type
 * `Ref_Key` as UUID1 and reject v4 values (§2.4), so `randomUUID()` is not good enough here.
 */
import { randomBytes } from 'node:crypto';

const GREGORIAN_OFFSET_MS = 12219292800000n;
const node = randomBytes(6);
node[0] = (node[0] ?? 0) | 0x01; // multicast bit: a random node id, not a real MAC
const clockSeq = randomBytes(2).readUInt16BE(0) & 0x3fff;
let lastTicks = 0n;

export function newGuidV1(now = Date.now()): string {
  let ticks = (BigInt(now) + GREGORIAN_OFFSET_MS) * 10000n;
  if (ticks <= lastTicks) ticks = lastTicks + 1n; // several ids in the same millisecond stay unique and ordered
  lastTicks = ticks;
  const hex = (v: bigint, len: number) => v.toString(16).padStart(len, '0');
  const timeLow = ticks & 0xffffffffn;
  const timeMid = (ticks >> 32n) & 0xffffn;
  const timeHi = ((ticks >> 48n) & 0x0fffn) | 0x1000n;
  const seq = (clockSeq | 0x8000).toString(16).padStart(4, '0');
  return `${hex(timeLow, 8)}-${hex(timeMid, 4)}-${hex(timeHi, 4)}-${seq}-${node.toString('hex')}`;
}

/** `DataVersion`: base64 of a 4-byte big-endian counter followed by 4 zero bytes (§2.4). */
export function encodeDataVersion(counter: number): string {
  const buf = Buffer.alloc(8);
  buf.writeUInt32BE(counter >>> 0, 0);
  return buf.toString('base64');
}
