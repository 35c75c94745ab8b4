/**
 * Who may see the admin surface: whoever presents the configured token, as `Authorization: Bearer <token>`
 * (scripts, curl) or, for a browser, as an HttpOnly SameSite=Strict cookie set by the login form. The cookie
 * carries an HMAC of the token, not the token itself. Comparisons are constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const SESSION_COOKIE = 'b24onec_admin';

export class AdminAuth {
  private readonly session: string;

  constructor(private readonly token: string) {
    this.session = createHmac('sha256', token).update('b24-onec-bridge admin session v1').digest('hex');
  }

  isTokenValid(candidate: string): boolean {
    return sameText(candidate, this.token);
  }

  /** Bearer header or session cookie. */
  isAuthenticated(headers: IncomingHttpHeaders): boolean {
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
    if (bearer !== undefined) return this.isTokenValid(bearer);
    const cookie = parseCookies(headers.cookie)[SESSION_COOKIE];
    return cookie !== undefined && sameText(cookie, this.session);
  }

  viaCookie(headers: IncomingHttpHeaders): boolean {
    return headers.authorization === undefined;
  }

  sessionCookie(secure: boolean): string {
    return `${SESSION_COOKIE}=${this.session}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=43200${secure ? '; Secure' : ''}`;
  }
}

export function clearedCookie(): string {
  return `${SESSION_COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0`;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
