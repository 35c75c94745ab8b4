/**
 * HMAC-SHA256 signature of 1C notifications (reference §8.3):
 * `X-OneC-Signature: sha256=<hex HMAC(secret, X-OneC-Timestamp + "." + raw body)>`.
 * Uses node:crypto, so it is for the receiver only — never import it from workflow code.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'malformed-signature' | 'malformed-timestamp' | 'outside-window' | 'mismatch' };

export interface SignatureInput {
  secret: string;
  /** `X-OneC-Timestamp` header, ISO-8601 UTC (`2025-01-13T07:20:05Z`). */
  timestamp: string;
  /** Raw body exactly as received (bytes or text); re-serialised JSON would not match. */
  body: string | Uint8Array;
  /** `X-OneC-Signature` header. */
  signature: string;
  /** Current time (Date or epoch ms): injected so tests and replays are deterministic. */
  now: Date | number;
  toleranceSeconds?: number;
}

export function signOneCNotification(secret: string, timestamp: string, body: string | Uint8Array): string {
  return `sha256=${hmacHex(secret, timestamp, body)}`;
}

/** Full check with the reason, for logging. Replay window guards against a captured request resent later. */
export function checkOneCSignature(input: SignatureInput): SignatureCheck {
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(input.signature.trim());
  if (!match || match[1] === undefined) return { ok: false, reason: 'malformed-signature' };
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(input.timestamp)) {
    return { ok: false, reason: 'malformed-timestamp' };
  }
  const sentAt = Date.parse(input.timestamp);
  if (!Number.isFinite(sentAt)) return { ok: false, reason: 'malformed-timestamp' };
  const now = typeof input.now === 'number' ? input.now : input.now.getTime();
  const tolerance = (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS) * 1000;
  if (Math.abs(now - sentAt) > tolerance) return { ok: false, reason: 'outside-window' };
  const expected = Buffer.from(hmacHex(input.secret, input.timestamp, input.body), 'hex');
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** Boolean form for the common case (`if (!verifyOneCSignature(…)) reply 401`). */
export function verifyOneCSignature(input: SignatureInput): boolean {
  return checkOneCSignature(input).ok;
}

function hmacHex(secret: string, timestamp: string, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`, 'utf8');
  if (typeof body === 'string') mac.update(body, 'utf8');
  else mac.update(body);
  return mac.digest('hex');
}
