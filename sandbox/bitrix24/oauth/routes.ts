/**
 * OAuth 2.0 of the portal's local application, the documented way (settings/oauth of the vendor's docs):
 * - `GET /oauth/authorize/?client_id=…&state=…`: the user (the sandbox always has the administrator, user 1,
 *   signed in) is sent back to the application's redirect URI with `code`, `state`, `domain`, `member_id`,
 *   `scope`, `server_domain` — a 302 whose `Location` carries them;
 * - `GET|POST /oauth/token/` with `grant_type=authorization_code` (`client_id`, `client_secret`, `code`) or
 *   `grant_type=refresh_token` (`client_id`, `client_secret`, `refresh_token`) → `{access_token,
 *   client_endpoint, domain, expires_in, member_id, refresh_token, scope, server_endpoint, status}`.
 *   The real token server is oauth.bitrix.info; the sandbox serves it on its own host.
 * Errors are the vendor's OAuth codes (`invalid_request`, `invalid_client`, `invalid_grant`); the docs give
 * no HTTP status for them, so the sandbox uses RFC 6749's: 400, and 401 for `invalid_client`.
 * `POST /__sandbox/oauth/expire` ends every access token now (no auth), to watch a client refresh.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, sendJson } from '../envelope';
import type { EventHub } from '../events/hub';
import { parseBody, parseQuery, readRequestBody } from '../request-body';
import type { Bitrix24Store } from '../store';
import type { LocalApplication } from './application';
import { expireAccessTokens, issueCode, issuePair, redeemCode, refreshOwner } from './tokens';

export interface OAuthHost {
  store: Bitrix24Store;
  application: LocalApplication;
  events: EventHub;
  /** The user whose browser session the sandbox pretends to have (the webhook's user, an administrator). */
  signedInUserId: number;
  registerRoute(
    method: string,
    pathPrefix: string,
    handler: (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>,
  ): void;
}

const originOf = (req: IncomingMessage): string => {
  const secure = 'encrypted' in req.socket && Boolean(req.socket.encrypted);
  return `${secure ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`;
};

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : String(v));

export function installOAuth(host: OAuthHost): void {
  const { store, application: app } = host;

  host.registerRoute('GET', '/oauth/authorize', (req, res, url) => {
    const clientId = url.searchParams.get('client_id') ?? '';
    if (clientId !== app.clientId) return sendError(res, 400, 'invalid_client', 'Application not installed');
    const back = new URL(app.redirectUri);
    const origin = originOf(req);
    back.searchParams.set('code', issueCode(store, host.signedInUserId));
    back.searchParams.set('state', url.searchParams.get('state') ?? '');
    back.searchParams.set('domain', new URL(origin).host);
    back.searchParams.set('member_id', host.events.memberId);
    back.searchParams.set('scope', app.scope);
    back.searchParams.set('server_domain', new URL(origin).host);
    res.writeHead(302, { Location: back.toString() });
    res.end();
  });

  host.registerRoute('*', '/oauth/token', async (req, res, url) => {
    const body = req.method === 'POST' ? await readRequestBody(req) : Buffer.alloc(0);
    const q = { ...parseQuery(url.search), ...parseBody(req.headers['content-type'], body) };
    const grant = text(q.grant_type);
    if (grant !== 'authorization_code' && grant !== 'refresh_token')
      return sendError(res, 400, 'invalid_request', 'Invalid grant_type');
    if (text(q.client_id) !== app.clientId || text(q.client_secret) !== app.clientSecret)
      return sendError(res, 401, 'invalid_client', 'Invalid client');
    const userId =
      grant === 'authorization_code'
        ? redeemCode(store, text(q.code))
        : refreshOwner(store, text(q.refresh_token));
    if (userId === undefined) return sendError(res, 400, 'invalid_grant', 'Invalid authorization tokens');
    const pair = issuePair(store, userId, app.accessTokenTtlSeconds * 1000);
    const origin = originOf(req);
    sendJson(res, 200, {
      access_token: pair.accessToken,
      client_endpoint: `${origin}/rest/`,
      domain: new URL(origin).host,
      expires_in: app.accessTokenTtlSeconds,
      member_id: host.events.memberId,
      refresh_token: pair.refreshToken,
      scope: app.scope,
      server_endpoint: `${origin}/rest/`,
      status: 'L',
    });
  });

  host.registerRoute('POST', '/__sandbox/oauth/expire', (_req, res) => {
    sendJson(res, 200, { expired: expireAccessTokens(store) });
  });
}
