/**
 * Sandbox options from environment variables, for `npm run sandbox` (sandbox/main.ts) and docker-style setups.
 * Unset or unparsable variables fall back to the defaults of startBitrix24Sandbox.
 */
import { z } from 'zod';
import { CLOUD_RATE_LIMIT } from './rate-limit';
import type { Bitrix24SandboxOptions } from './options';

const port = z.coerce.number().int().min(0).max(65535);

function parsed<T>(schema: z.ZodType<T>, raw: string | undefined): T | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const result = schema.safeParse(raw.trim());
  return result.success ? result.data : undefined;
}

/** `B24_SANDBOX_RATE_LIMIT`: `off`/`0`/`false` disables, `on`/`1`/`true` enables with cloud defaults. */
export function rateLimitFromEnv(raw: string | undefined): Bitrix24SandboxOptions['rateLimit'] {
  const value = raw?.trim().toLowerCase();
  if (value === 'off' || value === '0' || value === 'false' || value === 'no')
    return { ...CLOUD_RATE_LIMIT, enabled: false };
  if (value === 'on' || value === '1' || value === 'true' || value === 'yes') return { ...CLOUD_RATE_LIMIT };
  return undefined;
}

/**
 * `B24_SANDBOX_EVENTS_OVER_WEBHOOK`: `allow` (also `on`/`1`/`true`/`yes`) lets event.* work over the inbound
 * webhook; `deny` (also `off`/`0`/`false`/`no`) keeps the portal's 403 WRONG_AUTH_TYPE, the default.
 */
export function eventsOverWebhookFromEnv(raw: string | undefined): boolean | undefined {
  const value = raw?.trim().toLowerCase();
  if (value === 'allow' || value === 'on' || value === '1' || value === 'true' || value === 'yes')
    return true;
  if (value === 'deny' || value === 'off' || value === '0' || value === 'false' || value === 'no')
    return false;
  return undefined;
}

export function bitrix24SandboxOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Bitrix24SandboxOptions {
  const options: Bitrix24SandboxOptions = {};
  const host = env.B24_SANDBOX_HOST?.trim();
  if (host) options.host = host;
  const httpPort = parsed(port, env.B24_SANDBOX_PORT);
  if (httpPort !== undefined) options.port = httpPort;
  const httpsRaw = env.B24_SANDBOX_HTTPS_PORT?.trim().toLowerCase();
  if (httpsRaw === 'off' || httpsRaw === 'false') options.httpsPort = false;
  else {
    const httpsPort = parsed(port, httpsRaw);
    if (httpsPort !== undefined) options.httpsPort = httpsPort;
  }
  const user = parsed(z.coerce.number().int().positive(), env.B24_SANDBOX_WEBHOOK_USER);
  if (user !== undefined) options.webhookUserId = user;
  const token = env.B24_SANDBOX_WEBHOOK_TOKEN?.trim();
  if (token) options.webhookToken = token;
  const certDir = env.B24_SANDBOX_CERT_DIR?.trim();
  if (certDir) options.certDir = certDir;
  const rateLimit = rateLimitFromEnv(env.B24_SANDBOX_RATE_LIMIT);
  if (rateLimit) options.rateLimit = rateLimit;
  const eventsOverWebhook = eventsOverWebhookFromEnv(env.B24_SANDBOX_EVENTS_OVER_WEBHOOK);
  if (eventsOverWebhook !== undefined) options.eventsOverWebhook = eventsOverWebhook;
  const applicationToken = env.B24_SANDBOX_APPLICATION_TOKEN?.trim();
  if (applicationToken) options.applicationToken = applicationToken;
  const application: NonNullable<Bitrix24SandboxOptions['application']> = {};
  const clientId = env.B24_SANDBOX_CLIENT_ID?.trim();
  if (clientId) application.clientId = clientId;
  const clientSecret = env.B24_SANDBOX_CLIENT_SECRET?.trim();
  if (clientSecret) application.clientSecret = clientSecret;
  const redirectUri = parsed(z.string().url(), env.B24_SANDBOX_REDIRECT_URI);
  if (redirectUri) application.redirectUri = redirectUri;
  const ttl = parsed(z.coerce.number().int().positive(), env.B24_SANDBOX_ACCESS_TOKEN_TTL);
  if (ttl !== undefined) application.accessTokenTtlSeconds = ttl;
  if (Object.keys(application).length > 0) options.application = application;
  return options;
}
