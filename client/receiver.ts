/**
 * The webhook receiver: accepts Bitrix24 events and 1C notifications, checks and parses them, hands them to
 * workflows and answers at once (the work happens in workflows). Rejected requests start nothing.
 *   POST /webhooks/bitrix24   form-encoded Bitrix24 outbound event
 *   POST /webhooks/onec       signed JSON notification of the 1C extension
 *   GET  /healthz             liveness
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleBitrixEvent, type WebhookAnswer } from './bitrix-webhook';
import { BodyTooLarge, readBody, reply } from './http-io';
import { handleOneCNotification } from './onec-webhook';
import type { RequestSignals } from './request-dispatcher';

export interface ReceiverOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  applicationToken: string;
  onecSecret: string;
  entityTypeId: number;
  dispatcher: RequestSignals;
  /** Bring requests registered in 1C into Bitrix24 (config `onecRequests.enabled`, default true). */
  onecRequests?: boolean;
  log?: (line: string) => void;
}

export interface Receiver {
  url: string;
  close(): Promise<void>;
}

export async function startReceiver(opts: ReceiverOptions): Promise<Receiver> {
  const log = opts.log ?? ((line: string) => console.log(line));

  async function route(req: IncomingMessage): Promise<WebhookAnswer> {
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    if (req.method === 'GET' && path === '/healthz') return { status: 200, body: { ok: true } };
    const known = path === '/webhooks/bitrix24' || path === '/webhooks/onec';
    if (!known) return { status: 404, body: { error: `no such endpoint: ${path}` } };
    if (req.method !== 'POST') return { status: 405, body: { error: `${path} accepts POST only` } };
    const body = await readBody(req, opts.maxBodyBytes);
    if (path === '/webhooks/bitrix24') {
      return handleBitrixEvent(
        body.toString('utf8'),
        opts.applicationToken,
        opts.entityTypeId,
        opts.dispatcher,
      );
    }
    return handleOneCNotification(
      body,
      req.headers,
      opts.onecSecret,
      opts.dispatcher,
      opts.onecRequests ?? true,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let answer: WebhookAnswer;
    try {
      answer = await route(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        answer = { status: 413, body: { error: `body larger than ${opts.maxBodyBytes} bytes` } };
        res.setHeader('Connection', 'close');
      } else {
        // Temporal unreachable and the like: 503 tells 1C to retry; the event is not lost on its side.
        log(`receiver: ${req.method} ${req.url} failed: ${err instanceof Error ? err.message : String(err)}`);
        answer = { status: 503, body: { error: 'temporarily unable to accept the event, retry later' } };
      }
    }
    if (answer.status >= 400)
      log(`receiver: ${req.method} ${req.url} → ${answer.status} ${JSON.stringify(answer.body)}`);
    reply(res, answer.status, answer.body);
  }

  const server = http.createServer({ requestTimeout: 30_000 }, (req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
