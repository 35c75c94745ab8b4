/**
 * Finding and running a REST method: the case-insensitive registry, the operating-time check around each call,
 * and turning handler failures into Bitrix24 errors. Used by the HTTP transport and by `batch` alike.
 */
import { preciseNowMs, type Operating } from './envelope';
import type { OperatingTracker } from './rate-limit';
import {
  Bitrix24ApiError,
  type MethodContext,
  type MethodHandler,
  type MethodResult,
  type Params,
} from './methods/types';

/** Bitrix24 lower-cases method names before lookup, so `CRM.Item.Get` works like `crm.item.get`. */
export class MethodRegistry {
  private readonly handlers = new Map<string, MethodHandler>();

  register(name: string, handler: MethodHandler): void {
    this.handlers.set(name.toLowerCase(), handler);
  }

  get(name: string): MethodHandler | undefined {
    return this.handlers.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.handlers.has(name.toLowerCase());
  }
}

export interface CallTiming {
  startedMs: number;
  finishedMs: number;
  operating: Operating;
  /** Server time this call was charged, seconds (0 when refused or not counted). */
  charged: number;
}

export type CallOutcome =
  ({ ok: true; value: MethodResult } & CallTiming) | ({ ok: false; error: Bitrix24ApiError } & CallTiming);

export const methodNotFound = (): Bitrix24ApiError =>
  new Bitrix24ApiError('ERROR_METHOD_NOT_FOUND', 'Method not found!', 404);

export const internalError = (): Bitrix24ApiError =>
  new Bitrix24ApiError('INTERNAL_SERVER_ERROR', 'Internal server error', 500);

/** The method's operating-time budget is spent: 429, unlike the 503 of the request-rate limit. */
export const operationTimeLimit = (): Bitrix24ApiError =>
  new Bitrix24ApiError('OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.', 429);

/** `batch` inside `batch` (and file transfers): refused with 405, reported per command inside a batch. */
export const batchMethodNotAllowed = (): Bitrix24ApiError =>
  new Bitrix24ApiError('ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage', 405);

/** Strips the optional `.json` response-format suffix from a method name. */
export function methodName(raw: string): string {
  return raw.replace(/\.json$/i, '');
}

export async function invokeMethod(
  registry: MethodRegistry,
  operating: OperatingTracker,
  name: string,
  params: Params,
  ctx: MethodContext,
): Promise<CallOutcome> {
  const startedMs = preciseNowMs();
  // Operating time is accounted per method and per webhook.
  const key = `${ctx.userId}:${name.toLowerCase()}`;
  let charged = 0;
  const finish = (): CallTiming => ({
    startedMs,
    finishedMs: preciseNowMs(),
    operating: operating.status(key),
    charged,
  });
  const handler = registry.get(name);
  if (!handler) return { ok: false, error: methodNotFound(), ...finish() };
  if (operating.isBlocked(key)) {
    return { ok: false, error: operationTimeLimit(), ...finish() };
  }
  // The outer `batch` is not counted: its commands are, each under its own method. A list page is charged
  // what a portal's database would spend on it (server-time.ts), anything else its own run time.
  const record = (modelled?: number): void => {
    if (name.toLowerCase() === 'batch') return;
    charged = modelled ?? (preciseNowMs() - startedMs) / 1000;
    operating.record(key, charged);
  };
  try {
    const value = await handler(params, ctx);
    record(value.kind === 'list' ? value.serverSeconds : undefined);
    return { ok: true, value, ...finish() };
  } catch (err) {
    record();
    if (err instanceof Bitrix24ApiError) return { ok: false, error: err, ...finish() };
    console.error(`[bitrix24-sandbox] ${name} failed:`, err);
    return { ok: false, error: internalError(), ...finish() };
  }
}
