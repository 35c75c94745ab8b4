/**
 * The 1C OData sandbox: an HTTP server with the standard OData v3 interface of our «Заявки» base (§1–10),
 * the emulated notifying extension (§8.3) and fault injection. Start with `startOneCSandbox()`.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Base } from './context';
import { faults as errors } from './errors';
import { Faults } from './faults';
import { createRequestHandler, send } from './http-handler';
import { NotificationQueue, PRODUCTION_RETRY_DELAYS_MS } from './notify/queue';
import { StatusNotifier } from './notify/notifier';
import { rawPathFront } from './raw-path';
import { errorReply } from './reply';
import { seedStore } from './seed';
import { OneCStore } from './store';

export interface OneCSandboxOptions {
  host?: string;
  /** 8101 by default; 0 picks a free port. */
  port?: number;
  publication?: string;
  user?: string;
  password?: string;
  timezone?: string;
  notifyUrl?: string;
  notifySecret?: string;
  ignoreIfMatch?: boolean;
  inlinecountHonorsTop?: boolean;
  seed?: boolean;
  /** Waits between notification attempts (default 1, 5, 15, 60 min); tests pass milliseconds. */
  notifyRetryDelaysMs?: number[];
  notifyTimeoutMs?: number;
}

export interface OneCSandbox {
  /** Service root with trailing slash, e.g. `http://127.0.0.1:8101/zayavki/odata/standard.odata/`. */
  odataUrl: string;
  /** `http://host:port` — the control endpoints live under `/__sandbox/`. */
  baseUrl: string;
  user: string;
  password: string;
  store: OneCStore;
  faults: Faults;
  notifications: NotificationQueue;
  setNotifyTarget(url: string | undefined, secret?: string): void;
  close(): Promise<void>;
}

export async function startOneCSandbox(opts: OneCSandboxOptions = {}): Promise<OneCSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const publication = opts.publication ?? 'zayavki';
  const user = opts.user ?? 'odata';
  const password = opts.password ?? 'odata';
  const store = new OneCStore();
  if (opts.seed !== false) seedStore(store);
  const faults = new Faults();
  const queue = new NotificationQueue({
    retryDelaysMs: opts.notifyRetryDelaysMs ?? PRODUCTION_RETRY_DELAYS_MS,
    timeoutMs: opts.notifyTimeoutMs ?? 10_000,
    faults,
  });
  const notifier = new StatusNotifier(store, queue, {
    timeZone: opts.timezone ?? 'Europe/Moscow',
    infobase: publication,
  });
  if (opts.notifyUrl) notifier.setTarget({ url: opts.notifyUrl, secret: opts.notifySecret ?? '' });
  const base: Base = {
    store,
    notifier,
    ignoreIfMatch: opts.ignoreIfMatch ?? process.env.ONEC_IGNORE_IF_MATCH === '1',
    inlinecountHonorsTop: opts.inlinecountHonorsTop ?? process.env.ONEC_INLINECOUNT_HONORS_TOP === '1',
    timeZone: opts.timezone ?? 'Europe/Moscow',
  };
  const prefix = `/${publication}/odata/standard.odata`;
  const hanging = new Set<Socket>();
  let root = '';

  const handle = createRequestHandler({
    base,
    faults,
    queue,
    user,
    password,
    prefix,
    root: () => root,
    hanging,
  });
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('[onec-sandbox] request failed', e);
      if (!res.headersSent) send(res, errorReply(false, errors.internal()));
      else res.destroy();
    });
  });
  const front = rawPathFront(server);
  const sockets = new Set<Socket>();
  front.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(opts.port ?? 8101, host, () => resolve());
  });
  const { port } = front.address() as AddressInfo;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  root = `${baseUrl}${prefix}/`;
  return {
    odataUrl: root,
    baseUrl,
    user,
    password,
    store,
    faults,
    notifications: queue,
    setNotifyTarget: (url, secret = '') => notifier.setTarget(url ? { url, secret } : undefined),
    close: async () => {
      queue.close();
      for (const s of hanging) s.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      server.close();
    },
  };
}
