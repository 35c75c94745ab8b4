/**
 * Typed client for Bitrix24 REST through an inbound webhook. Every call is a JSON POST; every answer is
 * parsed with zod, and every failure becomes a classified `Bitrix24Error` (see errors.ts). With a governor
 * (governor.ts), no call leaves before the portal's limits have room for it.
 */
import { request, type Dispatcher } from 'undici';
import { z } from 'zod';
import { Bitrix24Error } from './errors';
import type { Bitrix24Governor, OperatingReport } from './governor';
import { currentTurn } from '../turns';
import {
  batchResultSchema,
  errorEnvelopeSchema,
  successEnvelopeSchema,
  type SuccessEnvelope,
} from './envelope';
import { encodePhpQuery } from './php-query';

export interface Bitrix24ClientOptions {
  /** Inbound webhook base, e.g. `https://portal.bitrix24.ru/rest/1/abc123/`. */
  webhookUrl: string;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  /** Shared by every client of one portal in this process; none: calls go out at once. */
  governor?: Bitrix24Governor;
  /** Place of these calls in the governor's queue, lower first; default: the running activity's request. */
  turn?: number;
  /**
   * An application's OAuth access token: calls then go to `webhookUrl` (the portal's `https://<portal>/rest/`)
   * with `auth=<token>`, as the vendor's OAuth calls do. Event methods need it (a webhook is refused them).
   */
  accessToken?: string;
}

/** Any zod schema producing T; input left open so schemas with defaults/transforms fit. */
export type Schema<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

export type BatchCommand = string | { method: string; params: Record<string, unknown> };

export interface BatchOutcome {
  result: Record<string, unknown>;
  errors: Record<string, { error: string; error_description: string }>;
  /** `total` of each counted list command (`start` ≥ 0); absent for other commands. */
  totals?: Record<string, unknown>;
}

/** Bitrix24 refuses batches longer than this (ERROR_BATCH_LENGTH_EXCEEDED). */
export const MAX_BATCH_COMMANDS = 50;

/**
 * QUERY_LIMIT_EXCEEDED answers one call waits out in place (the governor slows down after each) before the
 * failure goes to Temporal's retry policy.
 */
const MAX_REFUSALS = 8;

export class Bitrix24Client {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly governor: Bitrix24Governor | undefined;
  private readonly turn: number | undefined;

  constructor(private readonly opts: Bitrix24ClientOptions) {
    this.baseUrl = opts.webhookUrl.endsWith('/') ? opts.webhookUrl : `${opts.webhookUrl}/`;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.dispatcher = opts.dispatcher;
    this.governor = opts.governor;
    this.turn = opts.turn;
  }

  /** The same client whose calls queue at `turn` (the request's item id: earlier requests go first). */
  inTurn(turn: number): Bitrix24Client {
    return new Bitrix24Client({ ...this.opts, turn });
  }

  /**
   * The same client (governor, timeout) calling as an OAuth application at `restUrl` with `accessToken`: the
   * portal's budget is one, whoever spends it.
   */
  asApplication(restUrl: string, accessToken: string): Bitrix24Client {
    return new Bitrix24Client({ ...this.opts, webhookUrl: restUrl, accessToken });
  }

  /** Calls one method and parses its `result` with the given schema. */
  async call<T>(method: string, params: Record<string, unknown>, result: Schema<T>): Promise<T> {
    const envelope = await this.send(method, params);
    return parseResult(method, envelope.result, result);
  }

  /**
   * Reads every page of a list method by following `next`. `itemsOf` picks the rows out of `result`
   * (`r => r.items` for crm.item.list; the array itself for legacy lists).
   */
  async listAll<T>(
    method: string,
    params: Record<string, unknown>,
    itemsOf: (result: unknown) => unknown[],
    item: Schema<T>,
    opts: { max?: number } = {},
  ): Promise<T[]> {
    const max = opts.max ?? Number.POSITIVE_INFINITY;
    const rows: T[] = [];
    let start: unknown = params.start ?? 0;
    for (;;) {
      const envelope = await this.send(method, { ...params, start });
      const page = parseResult(method, rowsOf(method, envelope.result, itemsOf), z.array(item));
      for (const row of page) {
        if (rows.length >= max) return rows;
        rows.push(row);
      }
      // `next` is absent on the last page; a non-advancing `next` would loop forever, so stop on it too.
      if (envelope.next === undefined || envelope.next === start || rows.length >= max) return rows;
      start = envelope.next;
    }
  }

  /** Runs up to 50 commands in one request; per-command failures come back in `errors`, not as throws. */
  async batch(cmd: Record<string, BatchCommand>, halt = false): Promise<BatchOutcome> {
    const keys = Object.keys(cmd);
    if (keys.length > MAX_BATCH_COMMANDS) {
      throw new Bitrix24Error({
        code: 'ERROR_BATCH_LENGTH_EXCEEDED',
        description: `${keys.length} commands given, at most ${MAX_BATCH_COMMANDS} allowed`,
        httpStatus: undefined,
        method: 'batch',
      });
    }
    const encoded: Record<string, string> = {};
    for (const key of keys) {
      const command = cmd[key]!;
      if (typeof command === 'string') encoded[key] = command;
      else {
        const query = encodePhpQuery(command.params);
        encoded[key] = query ? `${command.method}?${query}` : command.method;
      }
    }
    const methods = Object.fromEntries(keys.map((key) => [key, methodOf(cmd[key]!)]));
    const envelope = await this.send('batch', { halt: halt ? 1 : 0, cmd: encoded }, Object.values(methods));
    const outcome = parseResult('batch', envelope.result, batchResultSchema);
    // Operating time is counted per nested method, never for `batch` itself.
    for (const [key, time] of Object.entries(outcome.result_time ?? {})) {
      if (methods[key]) this.governor?.observe(methods[key], operatingOf(time));
    }
    const errors: BatchOutcome['errors'] = {};
    for (const [key, value] of Object.entries(outcome.result_error)) {
      errors[key] = { error: value.error, error_description: value.error_description };
      if (value.error === 'OPERATION_TIME_LIMIT' && methods[key]) this.governor?.blocked(methods[key]);
    }
    const totals = outcome.result_total ?? {};
    return { result: outcome.result, errors, ...(Object.keys(totals).length > 0 ? { totals } : {}) };
  }

  /** Sends once the governor admits it; a refusal by the portal slows the governor and waits again. */
  private async send(
    method: string,
    params: Record<string, unknown>,
    methods: string[] = [method],
  ): Promise<SuccessEnvelope> {
    for (let refusals = 0; ; refusals++) {
      await this.governor?.acquire(methods, this.turn ?? currentTurn());
      try {
        const envelope = await this.exchange(method, params);
        if (method !== 'batch') this.governor?.observe(method, operatingOf(envelope.time));
        return envelope;
      } catch (err) {
        if (!(err instanceof Bitrix24Error) || !this.governor) throw err;
        if (err.code === 'OPERATION_TIME_LIMIT') this.governor.blocked(method);
        if (err.code !== 'QUERY_LIMIT_EXCEEDED' || refusals >= MAX_REFUSALS) throw err;
        this.governor.refused();
      }
    }
  }

  private async exchange(method: string, params: Record<string, unknown>): Promise<SuccessEnvelope> {
    let status: number;
    let text: string;
    try {
      const response = await request(`${this.baseUrl}${method}.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(this.opts.accessToken ? { ...params, auth: this.opts.accessToken } : params),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (cause) {
      throw Bitrix24Error.network(method, cause, this.timeoutMs);
    }
    return interpret(method, status, text);
  }
}

function methodOf(command: BatchCommand): string {
  const text = typeof command === 'string' ? command.split('?')[0]! : command.method;
  return text.replace(/\.json$/i, '').trim();
}

/** The operating figures of a `time` block, when it carries them as numbers. */
function operatingOf(time: unknown): OperatingReport | undefined {
  if (typeof time !== 'object' || time === null) return undefined;
  const { operating, operating_reset_at: resetAt } = time as Record<string, unknown>;
  return {
    ...(typeof operating === 'number' ? { operating } : {}),
    ...(typeof resetAt === 'number' ? { operating_reset_at: resetAt } : {}),
  };
}

function interpret(method: string, status: number, text: string): SuccessEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw Bitrix24Error.notEnvelope(method, status, text);
  }
  const failure = errorEnvelopeSchema.safeParse(json);
  if (failure.success) {
    throw Bitrix24Error.fromEnvelope(method, status, failure.data.error, failure.data.error_description);
  }
  const success = successEnvelopeSchema.safeParse(json);
  // z.unknown() also accepts a missing key, so demand `result` explicitly: `{}` is not an envelope.
  const hasResult = typeof json === 'object' && json !== null && 'result' in json;
  if (!success.success || !hasResult || status < 200 || status >= 300) {
    throw Bitrix24Error.notEnvelope(method, status, text);
  }
  return success.data;
}

/** Runs the caller's row picker; a throw there means the result is not the documented list shape. */
function rowsOf(method: string, result: unknown, itemsOf: (result: unknown) => unknown[]): unknown[] {
  try {
    return itemsOf(result);
  } catch (cause) {
    throw new Bitrix24Error({
      code: 'UNEXPECTED_RESULT',
      description: `list result has no rows where expected: ${cause instanceof Error ? cause.message : String(cause)}`,
      httpStatus: 200,
      method,
      retryable: false,
      cause,
    });
  }
}

function parseResult<T>(method: string, value: unknown, schema: Schema<T>): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Bitrix24Error({
    code: 'UNEXPECTED_RESULT',
    description: `result does not have the documented shape: ${parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`)
      .join('; ')}`,
    httpStatus: 200,
    method,
    retryable: false,
  });
}
