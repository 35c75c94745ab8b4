/**
 * A local Bitrix24 cloud portal: inbound-webhook REST over HTTP and HTTPS, with the real envelopes, errors and
 * limits. Method handlers live in methods/*; this file only wires transport, auth, limits and dispatch, plus
 * the fault controller (first interceptor, `/__sandbox/faults`) and the outbound-event hub (events/install).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createBatchHandler } from './batch';
import { CallStats } from './call-stats';
import { ensureCertificate } from './cert';
import { invokeMethod, methodName, MethodRegistry } from './dispatch';
import { preciseNowMs, sendError, sendJson, timeInfo, type SuccessEnvelope } from './envelope';
import type { EventHub } from './events/hub';
import { installEvents } from './events/install';
import { installOAuth } from './oauth/routes';
import { checkAccessToken, expireAccessTokens } from './oauth/tokens';
import { setEventAuthStrict } from './events/method-support';
import { attachFaults, FaultController } from './faults';
import { allMethods } from './methods';
import { usersTable } from './methods/users';
import type { MethodContext, MethodHandler } from './methods/types';
import { LeakyBucketLimiter, OperatingTracker, type RateLimitConfig } from './rate-limit';
import {
  resolveOptions,
  type Bitrix24SandboxOptions,
  type ResolvedOptions,
  type RouteHandler,
} from './options';
import { BodyTooLargeError, parseBody, parseQuery, readRequestBody } from './request-body';
import { seedPortal } from './seed';
import { Bitrix24Store } from './store';

export type { Bitrix24SandboxOptions, RequestInterceptor, RouteHandler } from './options';
import { Bitrix24ApiError } from './methods/types';

export interface Bitrix24Sandbox {
  httpUrl: string;
  httpsUrl?: string;
  webhookUrl: string;
  httpsWebhookUrl?: string;
  certPath?: string;
  store: Bitrix24Store;
  options: Readonly<ResolvedOptions>;
  /** Fault injection; also served as JSON at `GET/PUT/DELETE /__sandbox/faults`. */
  faults: FaultController;
  /** Outbound events: `applicationToken` every delivery carries, `deliveries` made so far, `idle()`. */
  events: EventHub;
  /** Requests per method and refusals; also served at `GET/DELETE /__sandbox/stats`. */
  stats: CallStats;
  /** Ends every OAuth access token now (also `POST /__sandbox/oauth/expire`); returns how many were live. */
  expireAccessTokens(): number;
  registerMethod(name: string, handler: MethodHandler): void;
  registerRoute(method: string, pathPrefix: string, handler: RouteHandler): void;
  setRateLimit(config: RateLimitConfig): void;
  setOperatingLimit(seconds: number): void;
  /** Empties the request bucket and every method's operating time, as after ten quiet minutes. */
  resetLimits(): void;
  close(): Promise<void>;
}

interface Route {
  method: string;
  pathPrefix: string;
  handler: RouteHandler;
}

/** `/rest/<user>/<token>/<method>` (webhook) or `/rest/<method>` (OAuth, `auth` parameter). */
function parseRestPath(pathname: string): { userId?: string; token?: string; method: string } | undefined {
  const parts = pathname.split('/').filter((p) => p !== '');
  if (parts[0] !== 'rest') return undefined;
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if (parts.length === 4)
    return { userId: decode(parts[1] ?? ''), token: decode(parts[2] ?? ''), method: decode(parts[3] ?? '') };
  if (parts.length === 2) return { method: decode(parts[1] ?? '') };
  return undefined;
}

const listenHost = (host: string): string => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);

export async function startBitrix24Sandbox(opts: Bitrix24SandboxOptions = {}): Promise<Bitrix24Sandbox> {
  const options = resolveOptions(opts);
  const store = new Bitrix24Store();
  if (options.seed) seedPortal(store);
  const registry = new MethodRegistry();
  for (const [name, handler] of Object.entries(allMethods())) registry.register(name, handler);
  const limiter = new LeakyBucketLimiter(options.rateLimit);
  const operating = new OperatingTracker(options.operatingLimitSeconds);
  // Faults come first: a fault must hit the request before anything else (auth, limits, the method) runs.
  const faults = new FaultController();
  attachFaults(store, faults);
  setEventAuthStrict(store, !options.eventsOverWebhook);
  const interceptors = [faults.intercept, ...(opts.interceptors ?? [])];
  const routes: Route[] = [];
  const registerRoute = (method: string, pathPrefix: string, handler: RouteHandler): void => {
    routes.push({ method, pathPrefix, handler });
  };

  const stats = new CallStats();
  registry.register(
    'batch',
    createBatchHandler(async (method, params, ctx) => {
      const outcome = await invokeMethod(registry, operating, method, params, ctx);
      stats.batched(method);
      stats.charged(method, outcome.charged);
      if (!outcome.ok && outcome.error.code === 'OPERATION_TIME_LIMIT')
        stats.refused(outcome.error.code, method);
      return outcome;
    }),
  );
  // What a user does in the portal's web interface: runs a method as the webhook's user, with its events,
  // but it is no REST call — the REST limits and the call statistics do not see it (as on a real portal).
  const uiOperating = new OperatingTracker(Number.POSITIVE_INFINITY);
  registerRoute('POST', '/__sandbox/ui/', async (req, res, url) => {
    const name = methodName(decodeURIComponent(url.pathname.slice('/__sandbox/ui/'.length)));
    const body = await readRequestBody(req, options.bodyLimitBytes);
    const ctx: MethodContext = {
      store,
      userId: options.webhookUserId,
      authType: 'webhook',
      portalUrl: `http://${req.headers.host ?? listenHost(options.host)}`,
    };
    const outcome = await invokeMethod(
      registry,
      uiOperating,
      name,
      parseBody(req.headers['content-type'], body),
      ctx,
    );
    if (!outcome.ok)
      return sendError(res, outcome.error.httpStatus, outcome.error.code, outcome.error.description);
    sendJson(res, 200, { result: outcome.value.result });
  });
  registerRoute('*', '/__sandbox/stats', (req, res) => {
    if (req.method === 'GET') return sendJson(res, 200, stats.get());
    if (req.method === 'DELETE') return sendJson(res, 200, stats.reset());
    sendJson(res, 405, { error: 'METHOD_NOT_ALLOWED' });
  });

  async function handleRest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = parseRestPath(url.pathname);
    if (!path) return sendError(res, 404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    let body: Buffer;
    try {
      body = await readRequestBody(req, options.bodyLimitBytes);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        return sendError(res, 413, 'INVALID_REQUEST', 'Request body is too large', { Connection: 'close' });
      }
      throw err;
    }
    const readParams = () => ({ ...parseQuery(url.search), ...parseBody(req.headers['content-type'], body) });
    // `/rest/<method>?auth=<access_token>` is an application's call; `/rest/<user>/<code>/<method>` a webhook's.
    let caller: { userId: number; authType: MethodContext['authType'] };
    if (path.userId === undefined) {
      const auth = readParams().auth;
      if (auth === undefined || auth === '')
        return sendError(res, 401, 'NO_AUTH_FOUND', 'Wrong authorization data');
      const access = checkAccessToken(store, String(auth));
      if (!access.ok && access.reason === 'expired')
        return sendError(res, 401, 'expired_token', 'The access token provided has expired');
      if (!access.ok) return sendError(res, 401, 'invalid_token', 'Unable to get application by token');
      caller = { userId: access.userId, authType: 'oauth' };
    } else {
      // Credentials and the rate limit come before the body is interpreted: a malformed call still counts.
      // A wrong webhook code is 401 NO_AUTH_FOUND; a right code whose user may no longer act (deactivated)
      // is 403 INVALID_CREDENTIALS, the vendor's "the user lacks permissions".
      if (path.userId !== String(options.webhookUserId) || path.token !== options.webhookToken) {
        return sendError(res, 401, 'NO_AUTH_FOUND', 'Wrong authorization data');
      }
      caller = { userId: options.webhookUserId, authType: 'webhook' };
    }
    if (usersTable(store).get(caller.userId)?.ACTIVE === false) {
      return sendError(res, 403, 'INVALID_CREDENTIALS', 'Invalid request credentials');
    }
    if (!limiter.tryAcquire(['portal', `ip:${req.socket.remoteAddress ?? ''}`])) {
      stats.refused('QUERY_LIMIT_EXCEEDED', methodName(path.method));
      return sendError(res, 503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
    }
    const { auth: _auth, ...params } = readParams();
    const secure = 'encrypted' in req.socket && Boolean(req.socket.encrypted);
    const ctx: MethodContext = {
      store,
      ...caller,
      portalUrl: `${secure ? 'https' : 'http'}://${req.headers.host ?? listenHost(options.host)}`,
    };
    const name = methodName(path.method);
    stats.request(name);
    const outcome = await invokeMethod(registry, operating, name, params, ctx);
    stats.charged(name, outcome.charged);
    if (!outcome.ok && outcome.error.code === 'OPERATION_TIME_LIMIT') stats.refused(outcome.error.code, name);
    if (!outcome.ok)
      return sendError(res, outcome.error.httpStatus, outcome.error.code, outcome.error.description);
    const processing = outcome.finishedMs - outcome.startedMs;
    const list = outcome.value.kind === 'list' ? outcome.value : undefined;
    // Key order as in real answers: result, next, total, time.
    const envelope: SuccessEnvelope = {
      result: outcome.value.result,
      ...(list?.next !== undefined ? { next: list.next } : {}),
      ...(list?.total !== undefined ? { total: list.total } : {}),
      time: timeInfo(outcome.startedMs, preciseNowMs(), processing, outcome.operating),
    };
    sendJson(res, 200, envelope);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      for (const interceptor of interceptors) if (await interceptor(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://sandbox.local');
      const route = routes.find(
        (r) =>
          (r.method === '*' || r.method.toUpperCase() === req.method) &&
          url.pathname.startsWith(r.pathPrefix),
      );
      if (route) return await route.handler(req, res, url);
      if (url.pathname === '/rest' || url.pathname.startsWith('/rest/'))
        return await handleRest(req, res, url);
      sendError(res, 404, 'NOT_FOUND', 'Not found');
    } catch (err) {
      if (err instanceof Bitrix24ApiError) return sendError(res, err.httpStatus, err.code, err.description);
      console.error('[bitrix24-sandbox] request failed:', err);
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    }
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => void handle(req, res);
  const servers: http.Server[] = [];
  const listen = (server: http.Server, port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host, () => resolve((server.address() as AddressInfo).port));
    });

  const publicHost = listenHost(options.host);
  // A stuck or slow client must never hold a request open forever.
  const timeouts = {
    requestTimeout: options.requestTimeoutMs,
    headersTimeout: options.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(options.requestTimeoutMs / 4))),
  };
  const httpServer = http.createServer(timeouts, onRequest);
  servers.push(httpServer);
  const httpUrl = `http://${publicHost}:${await listen(httpServer, options.port)}`;
  let httpsUrl: string | undefined;
  let certPath: string | undefined;
  if (options.httpsPort !== false) {
    const cert = await ensureCertificate(options.certDir);
    certPath = cert.certPath;
    const httpsServer = https.createServer({ ...timeouts, key: cert.key, cert: cert.cert }, onRequest);
    servers.push(httpsServer);
    try {
      httpsUrl = `https://${publicHost}:${await listen(httpsServer, options.httpsPort)}`;
    } catch (err) {
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      throw err;
    }
  }
  const hookPath = `/rest/${options.webhookUserId}/${options.webhookToken}/`;
  const events = installEvents({ store, httpUrl, httpsUrl, options, registerRoute }, opts.eventHub);
  installOAuth({
    store,
    application: options.application,
    events,
    signedInUserId: options.webhookUserId,
    registerRoute,
  });

  return {
    httpUrl,
    httpsUrl,
    webhookUrl: `${httpUrl}${hookPath}`,
    httpsWebhookUrl: httpsUrl ? `${httpsUrl}${hookPath}` : undefined,
    certPath,
    store,
    options,
    faults,
    events,
    stats,
    expireAccessTokens: () => expireAccessTokens(store),
    registerMethod: (name, handler) => registry.register(name, handler),
    registerRoute,
    setRateLimit: (config) => limiter.configure(config),
    setOperatingLimit: (seconds) => {
      operating.limitSeconds = seconds;
    },
    resetLimits: () => {
      limiter.configure(limiter.settings);
      operating.reset();
    },
    close: async () => {
      events.close();
      faults.releaseAll();
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
