/**
 * A tiny scripted HTTP server for client tests: records every request exactly as received and answers
 * with whatever the test scripts, so tests can assert on the wire format without the sandboxes.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  /** Path and query exactly as sent (still percent-encoded). */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON (`application/json;charset=utf-8` unless headers say otherwise). */
  body?: string | object;
  /** Never answer: for timeout tests. */
  hang?: boolean;
}

export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startFake(
  reply: (req: Received, index: number) => Reply | Promise<Reply>,
): Promise<FakeServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const record: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(record);
      void Promise.resolve(reply(record, received.length - 1)).then((answer) => {
        if (answer.hang) return;
        const isJson = typeof answer.body === 'object';
        const headers = {
          ...(isJson ? { 'content-type': 'application/json;charset=utf-8' } : {}),
          ...answer.headers,
        };
        res.writeHead(answer.status ?? 200, headers);
        res.end(isJson ? JSON.stringify(answer.body) : (answer.body ?? ''));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Decodes a recorded URL's query into [name, value] pairs, for asserting on semantics not encoding. */
export function decodedQuery(url: string): Array<[string, string]> {
  const query = url.split('?')[1] ?? '';
  if (!query) return [];
  return query.split('&').map((pair) => {
    const at = pair.indexOf('=');
    return [decodeURIComponent(pair.slice(0, at)), decodeURIComponent(pair.slice(at + 1))];
  });
}

/** Decoded path (before `?`). */
export function decodedPath(url: string): string {
  return decodeURIComponent(url.split('?')[0] ?? '');
}
