/**
 * Codec server for the Temporal Web UI and CLI: they post sealed payloads, we answer them opened (or the
 * other way round), so people allowed to see client data see it and the Temporal service never holds a key.
 *   POST /decode, /encode (also /<namespace>/decode|encode, the CLI's templated form)
 *        body and answer {"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}
 *   OPTIONS      CORS preflight for the configured Web UI origins
 *   GET  /login, POST /login, POST /logout   a browser session (cookie) for UIs without their own sign-in
 *   GET  /healthz
 * Every decode/encode needs one of the configured tokens: `Authorization: Bearer <token>` (the UI's "pass
 * access token", the CLI's --codec-auth) or the session cookie set by /login (the UI's "include
 * cross-origin credentials"). Without one the answer is 401 and nothing is decoded.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { sameSecret } from '../client/bitrix-webhook';
import { BodyTooLarge, readBody } from '../client/http-io';

export interface CodecServerOptions {
  host: string;
  port: number;
  codec: PayloadCodec;
  tokens: readonly string[];
  allowedOrigins: readonly string[];
  /** Only payloads of this namespace are served when the caller names one (X-Namespace). */
  namespace: string;
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface CodecServer {
  url: string;
  close(): Promise<void>;
}

export const SESSION_COOKIE = 'b24onec_codec';
const SESSION_SECONDS = 12 * 3600;
const ALLOWED_HEADERS = 'X-Namespace, Content-Type, Authorization';

const jsonPayloads = z
  .object({
    payloads: z.array(
      z
        .object({
          metadata: z.record(z.string().base64('metadata values are base64')).optional(),
          data: z.string().base64('data is base64').optional(),
        })
        .passthrough(),
    ),
  })
  .passthrough();
type JsonPayload = z.infer<typeof jsonPayloads>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
  ),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): { metadata: Record<string, string>; data: string } => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([key, value]) => [
      key,
      Buffer.from(value ?? []).toString('base64'),
    ]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** The browser names our own origin (its Host, whatever scheme a proxy in front adds) on a form post. */
function sameOrigin(origin: string, host: string): boolean {
  try {
    return host !== '' && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of header(req, 'cookie').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export async function startCodecServer(opts: CodecServerOptions): Promise<CodecServer> {
  if (opts.tokens.length === 0)
    throw new Error('codec.server.tokens is empty: nobody could use the codec server');
  const log = opts.log ?? ((line: string) => console.log(line));
  const maxBodyBytes = opts.maxBodyBytes ?? 8 * 1024 * 1024;

  const validToken = (given: string | undefined): boolean =>
    given !== undefined && given !== '' && opts.tokens.some((token) => sameSecret(given, token));
  const authorised = (req: IncomingMessage): boolean => {
    const bearer = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization'))?.[1]?.trim();
    return validToken(bearer) || validToken(cookie(req, SESSION_COOKIE));
  };

  function corsHeaders(req: IncomingMessage): Record<string, string> | 'refused' {
    const origin = header(req, 'origin');
    if (origin === '') return {}; // not a browser (CLI, curl): CORS does not apply
    if (sameOrigin(origin, header(req, 'host'))) return {}; // our own sign-in page posting its form
    if (!opts.allowedOrigins.includes(origin)) return 'refused';
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      Vary: 'Origin',
    };
  }

  function send(
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string>,
    type = 'application/json; charset=utf-8',
  ): void {
    res.writeHead(status, {
      ...headers,
      'Content-Type': type,
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store',
    });
    res.end(body);
  }
  const error = (res: ServerResponse, status: number, message: string, headers: Record<string, string>) =>
    send(res, status, JSON.stringify({ error: message }), headers);

  async function transform(req: IncomingMessage, direction: 'encode' | 'decode'): Promise<[number, string]> {
    let parsed: unknown;
    try {
      parsed = JSON.parse((await readBody(req, maxBodyBytes)).toString('utf8'));
    } catch (err) {
      if (err instanceof BodyTooLarge) throw err;
      return [400, JSON.stringify({ error: 'body is not JSON' })];
    }
    const body = jsonPayloads.safeParse(parsed);
    if (!body.success) return [400, JSON.stringify({ error: 'expected {"payloads":[...]}' })];
    const payloads = body.data.payloads.map(fromJson);
    if (direction === 'encode') {
      return [200, JSON.stringify({ payloads: (await opts.codec.encode(payloads)).map(toJson) })];
    }
    // One payload we cannot open (a retired key) must not hide the others: it comes back as it was.
    const opened = await Promise.all(
      payloads.map(async (payload) => {
        try {
          return (await opts.codec.decode([payload]))[0] ?? payload;
        } catch (err) {
          log(`codec-server: a payload stays sealed: ${err instanceof Error ? err.message : String(err)}`);
          return payload;
        }
      }),
    );
    return [200, JSON.stringify({ payloads: opened.map(toJson) })];
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = corsHeaders(req);
    if (cors === 'refused') return error(res, 403, 'origin not allowed (codec.server.allowedOrigins)', {});
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://codec').pathname;
    } catch {
      return error(res, 400, 'malformed request target', cors);
    }
    const route = /^(?:\/([^/]+))?\/(encode|decode)$/.exec(path);

    if (req.method === 'OPTIONS') {
      return send(res, 204, '', {
        ...cors,
        'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      });
    }
    if (req.method === 'GET' && path === '/healthz') return send(res, 200, '{"ok":true}', cors);
    if (path === '/login' || path === '/logout') return session(req, res, path);
    if (!route) return error(res, 404, `no such endpoint: ${path}`, cors);
    if (req.method !== 'POST') return error(res, 405, `${path} accepts POST only`, cors);
    if (!authorised(req)) return error(res, 401, 'a valid codec token is required', cors);
    const namespace = route[1] ?? header(req, 'x-namespace');
    if (namespace !== '' && namespace !== opts.namespace) {
      return error(res, 403, `this codec server serves namespace ${opts.namespace}`, cors);
    }
    const [status, body] = await transform(req, route[2] === 'encode' ? 'encode' : 'decode');
    send(res, status, body, cors);
  }

  async function session(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const page = (status: number, text: string, headers: Record<string, string> = {}) =>
      send(res, status, loginPage(text), headers, 'text/html; charset=utf-8');
    if (path === '/logout' && req.method === 'POST') {
      return page(200, 'Signed out.', {
        'Set-Cookie': `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`,
      });
    }
    if (path === '/login' && req.method === 'GET')
      return page(200, 'Enter a codec token to see decoded payloads.');
    if (path === '/login' && req.method === 'POST') {
      const token = new URLSearchParams((await readBody(req, 4096)).toString('utf8')).get('token') ?? '';
      if (!validToken(token)) return page(401, 'That token is not valid.');
      return page(
        200,
        'Signed in. In the Temporal UI codec settings, turn on "Include cross-origin credentials".',
        {
          'Set-Cookie': `${SESSION_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_SECONDS}`,
        },
      );
    }
    return error(res, 405, `${path}: method not allowed`, {});
  }

  const server = http.createServer({ requestTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof BodyTooLarge)
        return error(res.setHeader('Connection', 'close'), 413, 'body too large', {});
      log(
        `codec-server: ${req.method} ${req.url} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      if (!res.headersSent) error(res, 500, 'codec failure', {});
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function loginPage(message: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Codec server</title>
<p>${message}</p>
<form method="post" action="/login"><input type="password" name="token" autocomplete="off" placeholder="codec token">
<button>Sign in</button></form>
<form method="post" action="/logout"><button>Sign out</button></form>`;
}
