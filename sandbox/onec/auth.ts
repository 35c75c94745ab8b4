/** HTTP Basic authentication of the infobase user (§1.7); Cyrillic user names are UTF-8 inside base64. */
import { timingSafeEqual } from 'node:crypto';

export const AUTH_CHALLENGE = 'Basic realm="1C:Enterprise 8.3"';

export function isAuthorized(header: string | undefined, user: string, password: string): boolean {
  const m = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!m) return false;
  const given = Buffer.from(m[1] ?? '', 'base64');
  const expected = Buffer.from(`${user}:${password}`, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
