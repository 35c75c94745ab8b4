/**
 * Options of startBitrix24Sandbox and their defaults (cloud-like: rate limit 2/s with a bucket of 50,
 * operating limit 480 s per method per 10 minutes, body limit 10 MB, event.* refused over the webhook).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rateLimitFromEnv } from './config';
import type { EventHubOptions } from './events/hub';
import { DEFAULT_LOCAL_APPLICATION, type LocalApplication } from './oauth/application';
import { CLOUD_RATE_LIMIT, type RateLimitConfig } from './rate-limit';
import { DEFAULT_BODY_LIMIT } from './request-body';

/** Returns true when it has answered the request itself (fault injection, latency, …). */
export type RequestInterceptor = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface Bitrix24SandboxOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** 0 picks a free port; false disables HTTPS. */
  httpsPort?: number | false;
  webhookUserId?: number;
  webhookToken?: string;
  certDir?: string;
  rateLimit?: RateLimitConfig;
  /** Operating limit per method per webhook, seconds per 10 minutes (cloud: 480). */
  operatingLimitSeconds?: number;
  /** application_token sent with outbound events (used by the events module). */
  applicationToken?: string;
  /** Portal domain reported to event handlers. */
  domain?: string;
  /**
   * Lenient mode: let `event.*` methods work over the inbound webhook. Off by default — a real portal answers
   * 403 WRONG_AUTH_TYPE there; webhook-only integrations register at `POST /__sandbox/outgoing-webhooks`.
   */
  eventsOverWebhook?: boolean;
  /** The portal's local OAuth application (client id/secret, redirect URI, token lifetime); defaults apply per key. */
  application?: Partial<LocalApplication>;
  /** Extra settings of the outbound-event hub (delivery timeout, log sink, member id…). */
  eventHub?: EventHubOptions;
  seed?: boolean;
  bodyLimitBytes?: number;
  /** A request (headers + body) must arrive within this time, or the connection is answered 408 and closed. */
  requestTimeoutMs?: number;
  interceptors?: RequestInterceptor[];
}

export type ResolvedOptions = Required<
  Omit<Bitrix24SandboxOptions, 'interceptors' | 'httpsPort' | 'eventHub' | 'application'>
> & {
  httpsPort: number | false;
  application: LocalApplication;
};

export function resolveOptions(opts: Bitrix24SandboxOptions): ResolvedOptions {
  return {
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 8124,
    httpsPort: opts.httpsPort ?? 8443,
    webhookUserId: opts.webhookUserId ?? 1,
    webhookToken: opts.webhookToken ?? 'sandbox',
    certDir: opts.certDir ?? '.data/bitrix24-cert',
    rateLimit: opts.rateLimit ??
      rateLimitFromEnv(process.env.B24_SANDBOX_RATE_LIMIT) ?? { ...CLOUD_RATE_LIMIT },
    operatingLimitSeconds: opts.operatingLimitSeconds ?? 480,
    applicationToken: opts.applicationToken ?? 'sandbox-application-token',
    domain: opts.domain ?? 'sandbox.bitrix24.ru',
    eventsOverWebhook: opts.eventsOverWebhook ?? false,
    application: { ...DEFAULT_LOCAL_APPLICATION, ...opts.application },
    seed: opts.seed ?? true,
    bodyLimitBytes: opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    requestTimeoutMs: opts.requestTimeoutMs ?? 30_000,
  };
}
