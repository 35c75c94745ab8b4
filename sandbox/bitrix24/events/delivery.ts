/**
 * One outbound-event HTTP call, the way the portal's sender makes it: a form-encoded POST (PHP
 * http_build_query) with Bitrix24's user agent and a hard timeout. There is no retry — a failed call is lost.
 */
import { buildPhpQuery } from './php-query';

export const BITRIX24_USER_AGENT = 'Bitrix24 Webhook Engine';

export interface AuthBlock {
  domain: string;
  client_endpoint: string;
  server_endpoint: string;
  member_id: string;
  application_token: string;
}

export interface EventPayload {
  event: string;
  event_handler_id: number;
  data: Record<string, unknown>;
  ts: number;
  auth: AuthBlock;
}

export interface DeliveryOutcome {
  ok: boolean;
  httpStatus?: number;
  error?: string;
}

/** Field order matters to byte-exact comparisons: event, event_handler_id, data, ts, auth. */
export function encodePayload(payload: EventPayload): string {
  return buildPhpQuery({
    event: payload.event,
    event_handler_id: payload.event_handler_id,
    data: payload.data,
    ts: payload.ts,
    auth: payload.auth,
  });
}

export async function postEvent(
  handler: string,
  body: string,
  timeoutMs: number,
  cancel: AbortSignal,
): Promise<DeliveryOutcome> {
  try {
    const response = await fetch(handler, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BITRIX24_USER_AGENT },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([cancel, AbortSignal.timeout(timeoutMs)]),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { ok: response.status >= 200 && response.status < 300, httpStatus: response.status };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return { ok: false, error: `${err instanceof Error ? err.message : String(err)}${cause}` };
  }
}
