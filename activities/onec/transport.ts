/**
 * One HTTP exchange with the 1C web publication, and the checks every answer goes through. Kept apart
 * from the client so the client reads as the list of OData requests we issue.
 */
import { request, type Dispatcher } from 'undici';
import { currentTurn } from '../turns';
import { errorFromResponse, misconfiguredPublication, networkFailure, unexpectedShape } from './errors';
import type { Turnstile } from './turnstile';
import type { z } from 'zod';

/** Any zod schema producing T; input left open so schemas with transforms fit. */
export type Row<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

export interface Connection {
  root: string;
  authorization: string;
  timeoutMs: number;
  dispatcher: Dispatcher | undefined;
  /** Bounds and orders concurrent requests (none: no bound). */
  turnstile: Turnstile | undefined;
}

export interface Exchange {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query relative to the service root, already encoded. */
  path: string;
  /** Names the request in error messages ("PATCH Document_Заявка(…)"). */
  what: string;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** Sends one request; only transport failures throw here (HTTP errors are the caller's to judge). */
export async function send(conn: Connection, exchange: Exchange): Promise<Answer> {
  return conn.turnstile
    ? conn.turnstile.run(currentTurn(), () => sendNow(conn, exchange))
    : sendNow(conn, exchange);
}

async function sendNow(conn: Connection, exchange: Exchange): Promise<Answer> {
  // Credentials go pre-emptively: 1C's 401 challenge body is not worth a round trip.
  const headers: Record<string, string> = {
    authorization: conn.authorization,
    accept: 'application/json',
    ...exchange.headers,
  };
  if (exchange.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await request(`${conn.root}${exchange.path}`, {
      method: exchange.method,
      headers,
      body: exchange.body === undefined ? undefined : JSON.stringify(exchange.body),
      headersTimeout: conn.timeoutMs,
      bodyTimeout: conn.timeoutMs,
      ...(conn.dispatcher ? { dispatcher: conn.dispatcher } : {}),
    });
    const contentType = String(response.headers['content-type'] ?? '');
    return { status: response.statusCode, contentType, text: await response.body.text() };
  } catch (cause) {
    throw networkFailure(cause, conn.timeoutMs, exchange.what);
  }
}

/** Throws the classified error for any non-2xx answer, and for a 2xx HTML page (misconfiguration). */
export function expectSuccess(answer: Answer, what: string): Answer {
  if (answer.status < 200 || answer.status >= 300) throw errorFromResponse(answer.status, answer.text, what);
  // An empty body (Post/Unpost answers) carries no page, whatever its declared type.
  if (/html/i.test(answer.contentType) && answer.text.trim() !== '') {
    throw misconfiguredPublication(answer.status, answer.contentType, what);
  }
  return answer;
}

/** Parses a 2xx JSON body with the schema; a non-JSON body means a misconfigured publication. */
export function parseJson<T>(answer: Answer, schema: Row<T>, what: string): T {
  if (!/json/i.test(answer.contentType))
    throw misconfiguredPublication(answer.status, answer.contentType, what);
  let json: unknown;
  try {
    json = JSON.parse(answer.text.replace(/^\uFEFF/, ''));
  } catch {
    throw misconfiguredPublication(answer.status, answer.contentType, what);
  }
  return parseWith(json, schema, what);
}

export function parseWith<T>(value: unknown, schema: Row<T>, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'} ${i.message}`);
  throw unexpectedShape(what, issues.join('; '));
}
