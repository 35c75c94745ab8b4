/**
 * A local HTTP endpoint standing in for an application's event handler: records every POST (raw body,
 * headers, arrival time) and answers as told — 200, an error status, or not at all (to exercise timeouts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  body: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface EventReceiver {
  /** `http://127.0.0.1:<port>/handler` — an address `event.bind` accepts (the host has dots). */
  url: string;
  received: ReceivedEvent[];
  respondWith(behaviour: number | 'hang'): void;
  /** Resolves when `count` events have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
}

export async function startEventReceiver(): Promise<EventReceiver> {
  const received: ReceivedEvent[] = [];
  let behaviour: number | 'hang' = 200;
  let notify: () => void = () => {};
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers, at: Date.now() });
      notify();
      if (behaviour === 'hang') return;
      res.writeHead(behaviour, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/handler`,
    received,
    respondWith: (b) => {
      behaviour = b;
    },
    waitFor: (count, timeoutMs = 3000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} events, got ${received.length}`)),
          timeoutMs,
        );
        notify = () => {
          if (received.length >= count) {
            clearTimeout(timer);
            resolve(received.slice(0, count));
          }
        };
        notify();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
