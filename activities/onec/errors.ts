/**
 * Failures of 1C OData calls, classified per the reference §7.3 on HTTP status + `odata.error.code`
 * (never on message text, which varies by platform version and locale).
 *
 * Decision on code `-1` (500): 1C uses it both for business refusals (write refused by a handler,
 * posting failed, lock timeout) and for its generic "internal OData error". The client cannot tell them
 * apart without parsing message text, and blindly retrying a refused write only repeats the refusal, so
 * every `-1` is NON-retryable: the workflow surfaces it for a human. Any other 5xx (502/503/504, HTML
 * pages of a dead web extension, 500 without a parseable body) is an outage and retryable.
 */

import { maskSecretShapes } from '../../domain/redaction';

export interface OneCErrorInit {
  httpStatus: number | undefined;
  code: string | undefined;
  retryable: boolean;
  cause?: unknown;
}

export class OneCError extends Error {
  readonly httpStatus: number | undefined;
  /** 1C internal code from `odata.error.code` (`"-1"`, `"8"`, `"9"`, `"15"`, `"20"` …), when given. */
  readonly code: string | undefined;
  readonly retryable: boolean;

  constructor(message: string, init: OneCErrorInit) {
    // A message may quote an answer or a URL; credentials in it must not reach logs or the Temporal UI.
    super(maskSecretShapes(message), { cause: init.cause });
    this.name = 'OneCError';
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.retryable = init.retryable;
  }
}

/**
 * The object changed since the caller read it (412, or our own DataVersion pre-check). Never retried
 * blindly: the caller reloads the object and decides again.
 */
export class OneCPreconditionFailed extends OneCError {
  constructor(message: string, httpStatus: number | undefined) {
    super(message, { httpStatus, code: undefined, retryable: false });
    this.name = 'OneCPreconditionFailed';
  }
}

/**
 * The request's 1C document was deleted, or marked for deletion (which in 1C is how users delete: the
 * object stays readable until the administrator purges marked objects). Never transient: retrying cannot
 * bring it back, so the workflow decides what happens to the request (config `onec.vanishedDocument`).
 */
export class OneCDocumentGone extends OneCError {
  readonly documentRef: string;
  readonly how: 'deleted' | 'marked';

  constructor(documentRef: string, how: 'deleted' | 'marked') {
    super(
      how === 'deleted'
        ? `1C document ${documentRef} no longer exists (deleted in 1C)`
        : `1C document ${documentRef} is marked for deletion in 1C`,
      { httpStatus: how === 'deleted' ? 404 : undefined, code: undefined, retryable: false },
    );
    this.name = 'OneCDocumentGone';
    this.documentRef = documentRef;
    this.how = how;
  }
}

/** `{"odata.error":{code, message:{lang,value}}}` or XML `<m:error><m:code>…</m:code><m:message>…`. */
export function parseODataError(body: string): { code: string; text: string } | undefined {
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null && 'odata.error' in json) {
      const error = json['odata.error'];
      if (typeof error === 'object' && error !== null && 'code' in error) {
        const message = 'message' in error ? error.message : undefined;
        const text =
          typeof message === 'object' && message !== null && 'value' in message ? String(message.value) : '';
        return { code: String(error.code), text };
      }
    }
    return undefined;
  } catch {
    const code = /<m:code>([^<]*)<\/m:code>/.exec(body)?.[1];
    if (code === undefined) return undefined;
    const text = /<m:message[^>]*>([^<]*)<\/m:message>/.exec(body)?.[1] ?? '';
    return { code: code.trim(), text };
  }
}

function describe(status: number, code: string | undefined, text: string, what: string): [string, boolean] {
  const detail = text ? `: ${text}` : '';
  if (status === 401 && code === '20')
    return [`1C refused ${what}: the OData user lacks rights on this object (code 20)${detail}`, false];
  if (status === 401)
    return [`1C rejected the OData credentials (HTTP 401): check onec.user and onec.password`, false];
  if (code === '8')
    return [
      `1C does not publish ${what} (code 8): add it to the OData composition with ` +
        `УстановитьСоставСтандартногоИнтерфейсаOData${detail}`,
      false,
    ];
  if (code === '9') return [`1C has no such object for ${what} (code 9)${detail}`, false];
  if (code === '-1') return [`1C refused ${what} (code -1)${detail}`, false];
  if (status >= 500 || status === 408 || status === 429)
    return [`1C is unavailable for ${what} (HTTP ${status}${code ? `, code ${code}` : ''})${detail}`, true];
  return [`1C rejected ${what} (HTTP ${status}${code ? `, code ${code}` : ''})${detail}`, false];
}

/** Turns a non-2xx answer into the right error. `what` names the request for the admin. */
export function errorFromResponse(status: number, body: string, what: string): OneCError {
  const parsed = parseODataError(body);
  if (status === 412) {
    return new OneCPreconditionFailed(`${what}: the object was changed in 1C meanwhile (HTTP 412)`, status);
  }
  const [message, retryable] = describe(status, parsed?.code, parsed?.text ?? '', what);
  return new OneCError(message, { httpStatus: status, code: parsed?.code, retryable });
}

/** 2xx with an HTML (or other non-data) body: the web publication is misconfigured, not down. */
export function misconfiguredPublication(status: number, contentType: string, what: string): OneCError {
  return new OneCError(
    `1C answered ${what} with ${contentType || 'no Content-Type'} instead of OData JSON (HTTP ${status}): ` +
      'check onec.odataUrl and that the web publication has «Публиковать стандартный интерфейс OData» on',
    { httpStatus: status, code: undefined, retryable: false },
  );
}

export function networkFailure(cause: unknown, timeoutMs: number, what: string): OneCError {
  const causeCode = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  const timedOut = causeCode === 'UND_ERR_HEADERS_TIMEOUT' || causeCode === 'UND_ERR_BODY_TIMEOUT';
  const reason = timedOut
    ? `no answer within ${timeoutMs} ms`
    : `${causeCode || 'network failure'}: ${cause instanceof Error ? cause.message : String(cause)}`;
  return new OneCError(`1C is unreachable for ${what}: ${reason}`, {
    httpStatus: undefined,
    code: undefined,
    retryable: true,
    cause,
  });
}

/** The body parsed as JSON but not as the documented shape (a schema change or a wrong base). */
export function unexpectedShape(what: string, issues: string): OneCError {
  return new OneCError(`1C answered ${what} with an unexpected shape: ${issues}`, {
    httpStatus: undefined,
    code: undefined,
    retryable: false,
  });
}
