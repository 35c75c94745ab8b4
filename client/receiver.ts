/**
 * The webhook receiver: accepts Bitrix24 events and 1C notifications, checks and parses them, hands them to
 * workflows and answers at once (the work happens in workflows). Rejected requests start nothing.
 *   POST /webhooks/bitrix24   form-encoded Bitrix24 outbound event
 *   POST /webhooks/onec       signed JSON notification of the 1C extension
 *   GET  /healthz             liveness
 * Each source address is rate-limited (429 + Retry-After) before its body is read.
 *   /admin…                   the administrator's page and API (admin/routes.ts), only when a token is configured
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminHandler } from '../admin/routes';
import { handleBitrixEvent, type WebhookAnswer } from './bitrix-webhook';
import { BodyTooLarge, readBody, reply } from './http-io';
import { handleOneCNotification } from './onec-webhook';
import type { Logger } from '../observability/logger';
import { SourceRateLimiter, sourceAddress, type RateLimitSettings } from './rate-limit';
import type { InteractionSignals } from './interaction-dispatcher';
import type { CounterpartySignals } from './counterparty-dispatcher';
import type { RequestSignals } from './request-dispatcher';

export interface ReceiverOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  /** auth[application_token] of Bitrix24's events; absent → Bitrix24 webhooks are off (inbound "offline"): 404. */
  applicationToken?: string;
  onecSecret: string;
  entityTypeId: number;
  dispatcher: RequestSignals;
  /** Client entity workflows (company/contact events, counterparty notifications); absent → sync off. */
  counterparties?: CounterpartySignals;
  /** Per-source-address limit of webhook requests; absent → unlimited. */
  rateLimit?: RateLimitSettings & { trustProxy?: boolean };
  /** Mounted under /admin; absent → /admin answers 404 like any unknown path. */
  admin?: AdminHandler;
  /** Bring requests registered in 1C into Bitrix24 (config `onecRequests.enabled`, default true). */
  onecRequests?: boolean;
  /** Bitrix24 activity events → 1C's history (config `interactions.fromBitrix24`); absent → ignored. */
  activityEvents?: InteractionSignals;
  /** Rows people add in 1C → the item's timeline (config `interactions.toBitrix24`); absent → 202. */
  onecInteractions?: InteractionSignals;
  logger: Logger;
}

export interface Receiver {
  url: string;
  /**
   * Stops accepting, answers what is in progress, and resolves once every connection is closed: at the
   * latest `graceMs` later, when the connections still open are cut.
   */
  close(graceMs?: number): Promise<void>;
}

/** How long a request in progress may take to be answered once the receiver stops (e.g. Temporal slow). */
export const CLOSE_GRACE_MS = 5_000;

export async function startReceiver(opts: ReceiverOptions): Promise<Receiver> {
  const log = opts.logger.child({ component: 'receiver' });
  const limiter = opts.rateLimit ? new SourceRateLimiter(opts.rateLimit) : undefined;

  async function route(req: IncomingMessage): Promise<WebhookAnswer> {
    const path = requestPath(req.url);
    if (path === undefined) return { status: 400, body: { error: 'malformed request target' } };
    if (req.method === 'GET' && path === '/healthz') return { status: 200, body: { ok: true } };
    const known = path === '/webhooks/bitrix24' || path === '/webhooks/onec';
    if (!known) return { status: 404, body: { error: `no such endpoint: ${path}` } };
    if (req.method !== 'POST') return { status: 405, body: { error: `${path} accepts POST only` } };
    const source = sourceAddress(
      req.socket.remoteAddress,
      req.headers['x-forwarded-for'],
      opts.rateLimit?.trustProxy ?? false,
    );
    const decision = limiter?.take(source);
    if (decision && !decision.allowed) {
      if (decision.firstRefusal) log.warn({ source }, 'source exceeds the rate limit, answering 429');
      return {
        status: 429,
        body: { error: 'too many requests from this address, retry later' },
        headers: { 'Retry-After': String(decision.retryAfterSeconds), Connection: 'close' },
      };
    }
    const body = await readBody(req, opts.maxBodyBytes);
    if (path === '/webhooks/bitrix24') {
      if (opts.applicationToken === undefined) {
        return {
          status: 404,
          body: {
            error:
              'Bitrix24 webhooks are off: bitrix24.inbound is "offline" (events come from the offline queue)',
          },
        };
      }
      return handleBitrixEvent(
        body.toString('utf8'),
        opts.applicationToken,
        opts.entityTypeId,
        opts.dispatcher,
        opts.activityEvents,
        opts.counterparties,
      );
    }
    return handleOneCNotification(
      body,
      req.headers,
      opts.onecSecret,
      opts.dispatcher,
      opts.onecRequests ?? true,
      opts.onecInteractions,
      opts.counterparties,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = requestPath(req.url);
    if (opts.admin && path !== undefined && (path === '/admin' || path.startsWith('/admin/'))) {
      if (closing) res.setHeader('Connection', 'close');
      await opts.admin(req, res);
      return;
    }
    let answer: WebhookAnswer;
    let cause: string | undefined;
    try {
      answer = await route(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        answer = { status: 413, body: { error: `body larger than ${opts.maxBodyBytes} bytes` } };
        res.setHeader('Connection', 'close');
      } else {
        // Temporal unreachable and the like: 503 tells 1C to retry; the event is not lost on its side.
        cause = err instanceof Error ? err.message : String(err);
        answer = { status: 503, body: { error: 'temporarily unable to accept the event, retry later' } };
      }
    }
    if (answer.status >= 400 && answer.status !== 429) {
      const event = { method: req.method, url: req.url, status: answer.status, answer: answer.body, cause };
      if (answer.status >= 500) log.error(event, 'cannot accept the event now; the sender retries');
      else log.warn(event, 'request rejected');
    }
    // A sender on a keep-alive connection would otherwise go on sending over it and hold the close open.
    if (closing) res.setHeader('Connection', 'close');
    reply(res, answer.status, answer.body, answer.headers);
  }

  let closing = false;
  const server = http.createServer({ requestTimeout: 30_000 }, (req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${host}:${port}`,
    close: (graceMs = CLOSE_GRACE_MS) =>
      new Promise<void>((resolve) => {
        closing = true;
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        // server.close() alone leaves keep-alive connections open as long as their sender keeps using them.
        server.closeIdleConnections();
      }),
  };
}

/** Path of the request target; `undefined` for targets URL cannot parse (`//`, `//a:b`), which are 400. */
function requestPath(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? '/', 'http://receiver').pathname;
  } catch {
    return undefined;
  }
}
