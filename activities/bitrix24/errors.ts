/**
 * Failures of Bitrix24 REST calls, classified once so Temporal retry policies can rely on `retryable`
 * instead of every activity re-deciding which errors are transient.
 */
import { maskSecretShapes } from '../../domain/redaction';

/** Limits and server faults: waiting and calling again is the documented remedy. */
const RETRYABLE_CODES = new Set([
  'QUERY_LIMIT_EXCEEDED',
  'OPERATION_TIME_LIMIT',
  'OVERLOAD_LIMIT',
  'INTERNAL_SERVER_ERROR',
]);

/** Errors that repeat identically until a human changes configuration or data. */
const PERMANENT_CODES = new Set([
  'expired_token',
  'invalid_token',
  'NO_AUTH_FOUND',
  'INVALID_CREDENTIALS',
  'ACCESS_DENIED',
  'insufficient_scope',
  'ERROR_METHOD_NOT_FOUND',
  'NOT_FOUND',
  'INVALID_ARG_VALUE',
  'ERROR_CORE',
  'ERROR_BATCH_LENGTH_EXCEEDED',
  'ERROR_BATCH_METHOD_NOT_ALLOWED',
]);

/** The webhook code (or token) itself is wrong: 401 NO_AUTH_FOUND and the OAuth token codes. */
const CREDENTIAL_CODES = new Set(['expired_token', 'invalid_token', 'NO_AUTH_FOUND']);

/**
 * Decides retryability. 429 (operating-time limit) and 503 (request-rate limit, overload) both mean "slow
 * down", whatever the code says, so they are never a reason to fail; otherwise the code wins when known,
 * then the HTTP status (other 5xx transient, 4xx not).
 */
export function isRetryableBitrix24Failure(code: string, httpStatus: number | undefined): boolean {
  if (httpStatus === 429 || httpStatus === 503) return true;
  if (RETRYABLE_CODES.has(code)) return true;
  if (PERMANENT_CODES.has(code)) return false;
  if (httpStatus === undefined) return false;
  return httpStatus >= 500;
}

function adminHint(code: string, method: string): string {
  if (CREDENTIAL_CODES.has(code)) return 'check bitrix24.webhookUrl';
  if (code === 'INVALID_CREDENTIALS')
    return `the user who owns the webhook lacks the rights for ${method} (deactivated, or rights withdrawn)`;
  if (code === 'ACCESS_DENIED' || code === 'insufficient_scope')
    return `give the webhook the scope and rights needed for ${method} (crm, im, user, event)`;
  if (code === 'ERROR_METHOD_NOT_FOUND')
    return `${method} is unknown to this portal or outside the webhook scopes`;
  if (code === 'QUERY_LIMIT_EXCEEDED' || code === 'OVERLOAD_LIMIT')
    return 'request rate limit hit; will retry';
  if (code === 'OPERATION_TIME_LIMIT') return `operating-time limit of ${method} hit; will retry`;
  return '';
}

export interface Bitrix24ErrorInit {
  code: string;
  description: string;
  httpStatus: number | undefined;
  method: string;
  retryable?: boolean;
  cause?: unknown;
}

export class Bitrix24Error extends Error {
  /** Bitrix24 `error` code; empty legacy codes are normalised (see `fromEnvelope`). */
  readonly code: string;
  readonly description: string;
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;
  /** REST method that failed, for logs and messages. */
  readonly method: string;

  constructor(init: Bitrix24ErrorInit) {
    const hint = adminHint(init.code, init.method);
    // Descriptions can quote what was sent or received (a proxy page echoing the URL); the webhook's token
    // must not travel on into logs and the Temporal UI.
    const description = maskSecretShapes(init.description);
    super(
      `Bitrix24 ${init.method} failed (${init.code}${init.httpStatus ? `, HTTP ${init.httpStatus}` : ''}): ` +
        `${description}${hint ? `; ${hint}` : ''}`,
      { cause: init.cause },
    );
    this.name = 'Bitrix24Error';
    this.code = init.code;
    this.description = description;
    this.httpStatus = init.httpStatus;
    this.method = init.method;
    this.retryable = init.retryable ?? isRetryableBitrix24Failure(init.code, init.httpStatus);
    if (init.code === 'NO_AUTH_FOUND') {
      this.message = `Bitrix24 rejected the webhook credentials (${init.code}): check bitrix24.webhookUrl`;
    } else if (CREDENTIAL_CODES.has(init.code)) {
      // expired_token / invalid_token answer OAuth calls only (the offline-event reader's).
      this.message = `Bitrix24 rejected the application's OAuth token (${init.code}): check bitrix24.oauth`;
    }
  }

  /** Builds the error from a `{error, error_description}` envelope. */
  static fromEnvelope(method: string, httpStatus: number, error: string, description: string): Bitrix24Error {
    // Legacy methods (crm.company.get on a missing id) answer `"error": ""` + "Not found".
    const code = error !== '' ? error : /not found/i.test(description) ? 'NOT_FOUND' : `HTTP_${httpStatus}`;
    return new Bitrix24Error({ code, description, httpStatus, method });
  }

  static network(method: string, cause: unknown, timeoutMs: number): Bitrix24Error {
    const causeCode =
      typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
    const timedOut = causeCode === 'UND_ERR_HEADERS_TIMEOUT' || causeCode === 'UND_ERR_BODY_TIMEOUT';
    const text = cause instanceof Error ? cause.message : String(cause);
    return new Bitrix24Error({
      code: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
      description: timedOut
        ? `no answer within ${timeoutMs} ms`
        : `${causeCode || 'network failure'}: ${text}`,
      httpStatus: undefined,
      method,
      retryable: true,
      cause,
    });
  }

  /** The answer was not a REST envelope (an HTML error page, a proxy login form…). */
  static notEnvelope(method: string, httpStatus: number, snippet: string): Bitrix24Error {
    return new Bitrix24Error({
      code: 'INVALID_RESPONSE',
      description:
        `answer is not a Bitrix24 REST envelope (starts with ${JSON.stringify(snippet.slice(0, 80))}); ` +
        'check that bitrix24.webhookUrl points at https://<portal>/rest/<user>/<token>/',
      httpStatus,
      method,
      // A 502/503 HTML page from the portal's balancer is an outage; a 200 HTML page is misconfiguration.
      retryable: httpStatus >= 500,
    });
  }
}

/** True for "the entity does not exist" answers of both crm.item.* and legacy methods. */
export function isBitrix24NotFound(error: unknown): boolean {
  return error instanceof Bitrix24Error && error.code === 'NOT_FOUND';
}
