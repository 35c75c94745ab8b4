/**
 * OAuth 2.0 of a Bitrix24 application (settings/oauth of the vendor's docs): the token server exchanges an
 * authorization code, or a stored refresh token, for a new `access_token`/`refresh_token` pair. Both calls
 * carry the application's `client_id` and `client_secret`; the answer is parsed with zod. The access token
 * lives an hour; a REST call with an old one answers 401 `expired_token`, and the documented remedy is one
 * refresh, then the same call again (the vendor warns against refreshing before every call).
 */
import { request, type Dispatcher } from 'undici';
import { z } from 'zod';
import { Bitrix24Error } from './errors';

export interface OAuthApplication {
  clientId: string;
  clientSecret: string;
  /** `https://oauth.bitrix.info/oauth/token/` for the cloud; the sandbox serves `/oauth/token/` itself. */
  tokenUrl: string;
}

/** The pair an application keeps; an empty access token means "refresh before the first call". */
export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
}

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().optional(),
  client_endpoint: z.string().optional(),
  member_id: z.string().optional(),
  scope: z.string().optional(),
  status: z.string().optional(),
});
export type TokenAnswer = z.infer<typeof tokenAnswerSchema>;

const tokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** Token-server refusals that repeat until an administrator authorises the application again. */
const PERMANENT_OAUTH_CODES = new Set([
  'invalid_client',
  'invalid_grant',
  'invalid_request',
  'PAYMENT_REQUIRED',
]);

async function exchange(
  app: OAuthApplication,
  grant: Record<string, string>,
  opts: { timeoutMs?: number; dispatcher?: Dispatcher } = {},
): Promise<TokenAnswer> {
  const url = new URL(app.tokenUrl);
  for (const [key, value] of Object.entries({
    ...grant,
    client_id: app.clientId,
    client_secret: app.clientSecret,
  }))
    url.searchParams.set(key, value);
  const method = 'oauth/token';
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let status: number;
  let text: string;
  try {
    const response = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (cause) {
    throw Bitrix24Error.network(method, cause, timeoutMs);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw Bitrix24Error.notEnvelope(method, status, text);
  }
  const failure = tokenErrorSchema.safeParse(json);
  if (failure.success) {
    throw new Bitrix24Error({
      code: failure.data.error,
      description: `${failure.data.error_description ?? ''}; authorise the application again and set bitrix24.oauth.refreshToken`,
      httpStatus: status,
      method,
      retryable: !PERMANENT_OAUTH_CODES.has(failure.data.error) && status >= 500,
    });
  }
  const answer = tokenAnswerSchema.safeParse(json);
  if (!answer.success || status !== 200) throw Bitrix24Error.notEnvelope(method, status, text);
  return answer.data;
}

/** `grant_type=refresh_token`: a new pair for the stored refresh token. */
export async function refreshTokens(
  app: OAuthApplication,
  refreshToken: string,
  opts?: { timeoutMs?: number },
): Promise<OAuthTokens> {
  const answer = await exchange(app, { grant_type: 'refresh_token', refresh_token: refreshToken }, opts);
  return { accessToken: answer.access_token, refreshToken: answer.refresh_token };
}

/** `grant_type=authorization_code`: the first pair, for the code the portal's redirect carried (30 s). */
export function tokensForCode(
  app: OAuthApplication,
  code: string,
  opts?: { timeoutMs?: number },
): Promise<TokenAnswer> {
  return exchange(app, { grant_type: 'authorization_code', code }, opts);
}
