/**
 * Signature of the 1C extension's notifications (§8.3): lowercase hex HMAC-SHA256 over
 * `<X-OneC-Timestamp>.<raw body>`, sent as `X-OneC-Signature: sha256=<hex>`. Sender and receiver share it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signNotification(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** Header value as sent: `sha256=<hex>`. */
export function signatureHeader(secret: string, timestamp: string, body: string): string {
  return `sha256=${signNotification(secret, timestamp, body)}`;
}

/** Constant-time check of an `X-OneC-Signature` header value (with or without the `sha256=` prefix). */
export function verifyNotificationSignature(
  secret: string,
  timestamp: string,
  body: string,
  header: string,
): boolean {
  const given = Buffer.from(header.replace(/^sha256=/, ''), 'utf8');
  const expected = Buffer.from(signNotification(secret, timestamp, body), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
