/**
 * Fault injection for the Bitrix24 sandbox, so clients can be tested against the failures a real portal and
 * its network produce: slow answers, 500/503, requests that never answer, dropped connections, the
 * QUERY_LIMIT_EXCEEDED bucket, and lost/duplicated/reordered/late outbound events.
 *
 * Control endpoint (JSON): `GET /__sandbox/faults` → current settings, `PUT /__sandbox/faults` replaces them
 * (missing keys take defaults), `DELETE /__sandbox/faults` resets. Programmatically: `sandbox.faults.set()`
 * (the same controller as `faultsFor(store)`). startBitrix24Sandbox wires it as its first interceptor.
 * With `seed` every random decision comes from a seeded generator, so a test run is reproducible.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { z } from 'zod';
import { sendError, sendJson } from './envelope';
import { parseBody, readRequestBody } from './request-body';
import type { Bitrix24Store } from './store';

const rate = z.number().min(0).max(1);

export const faultSettingsSchema = z
  .object({
    /** Added to every matching REST call, plus a uniform random 0..jitterMs. */
    latencyMs: z.number().int().min(0).default(0),
    jitterMs: z.number().int().min(0).default(0),
    /** Share of matching calls that fail with `errorKind`. */
    errorRate: rate.default(0),
    errorKind: z.enum(['500', '503', 'timeout', 'drop']).default('500'),
    /**
     * Only these REST methods are affected (`crm.item.*` matches a prefix); all when absent. A lost answer
     * (`loseResponse`) also hits a `batch` carrying a matching command.
     */
    methods: z.array(z.string()).optional(),
    /**
     * Matching calls are performed, then the connection is closed before the answer goes out: the client
     * cannot tell whether its write happened (the "lost answer" of a network blip).
     */
    loseResponse: z.boolean().default(false),
    /** Stop injecting errors / lost answers after this many (`1`: lose exactly one answer). */
    times: z.number().int().positive().optional(),
    /** Every matching call answers 503 QUERY_LIMIT_EXCEEDED, as when the leaky bucket is full. */
    rateLimit: z.boolean().default(false),
    /** A `timeout` fault holds the request at most this long, then drops the connection. */
    timeoutCapMs: z.number().int().positive().max(60_000).default(60_000),
    seed: z.number().int().optional(),
    events: z
      .object({
        drop: rate.default(0),
        duplicate: rate.default(0),
        /** `true` = windows of 2; a number = window size. Each window is delivered in a shuffled order. */
        reorder: z.union([z.boolean(), z.number().int().min(2)]).default(false),
        delayMs: z.number().int().min(0).default(0),
      })
      .strict()
      .default({}),
  })
  .strict();

export type FaultSettings = z.infer<typeof faultSettingsSchema>;
export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;
export type EventFaults = FaultSettings['events'];

const CONTROL_PATH = '/__sandbox/faults';

export class FaultController {
  private settings: FaultSettings = faultSettingsSchema.parse({});
  private random: () => number = Math.random;
  private readonly held = new Set<Socket>();
  private injected = 0;

  get(): FaultSettings {
    return structuredClone(this.settings);
  }

  /** Replaces all settings (throws a ZodError on invalid input). */
  set(input: FaultSettingsInput): FaultSettings {
    this.settings = faultSettingsSchema.parse(input);
    this.injected = 0;
    this.random = this.settings.seed === undefined ? Math.random : seededRandom(this.settings.seed);
    return this.get();
  }

  reset(): FaultSettings {
    return this.set({});
  }

  /** A draw from the (possibly seeded) generator, shared by REST and event faults. */
  chance(probability: number): boolean {
    return probability > 0 && this.random() < probability;
  }

  nextRandom(): number {
    return this.random();
  }

  eventFaults(): EventFaults {
    return this.settings.events;
  }

  /** Server interceptor: the control endpoint, then faults for `/rest/…` calls. True = request handled here. */
  readonly intercept = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === CONTROL_PATH) {
      await this.handleControl(req, res);
      return true;
    }
    const method = restMethodOf(path);
    if (method === undefined || !(this.matches(method) || (await this.carriesMatching(method, req))))
      return false;
    const s = this.settings;
    const delay = s.latencyMs + (s.jitterMs > 0 ? Math.floor(this.random() * (s.jitterMs + 1)) : 0);
    if (delay > 0) await sleep(delay);
    if (s.rateLimit) {
      sendError(res, 503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
      return true;
    }
    if (s.times !== undefined && this.injected >= s.times) return false;
    if (s.loseResponse) {
      this.injected += 1;
      loseAnswer(req, res);
      return false;
    }
    if (!this.chance(s.errorRate)) return false;
    this.injected += 1;
    this.fail(s.errorKind, req, res);
    return true;
  };

  /** Drops every connection a `timeout` fault is still holding (call on server stop). */
  releaseAll(): void {
    for (const socket of this.held) socket.destroy();
    this.held.clear();
  }

  /**
   * A lost answer also hits a `batch` that carries a matching command: on a real network the answer of the
   * whole batch is what gets lost, and with it the command's.
   */
  private async carriesMatching(method: string, req: IncomingMessage): Promise<boolean> {
    if (method !== 'batch' || !this.settings.loseResponse) return false;
    let params: Record<string, unknown>;
    try {
      params = parseBody(req.headers['content-type'], await readRequestBody(req));
    } catch {
      return false;
    }
    const cmd = params.cmd;
    const commands = cmd && typeof cmd === 'object' ? Object.values(cmd) : [];
    return commands.some(
      (command) => typeof command === 'string' && this.matches(command.split('?')[0]?.trim() ?? ''),
    );
  }

  private matches(method: string): boolean {
    const list = this.settings.methods;
    if (!list || list.length === 0) return true;
    const m = method.toLowerCase();
    return list.some((p) => {
      const pattern = p.toLowerCase();
      return pattern.endsWith('*') ? m.startsWith(pattern.slice(0, -1)) : m === pattern;
    });
  }

  private fail(kind: FaultSettings['errorKind'], req: IncomingMessage, res: ServerResponse): void {
    switch (kind) {
      case '500':
        sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
        return;
      case '503':
        // What a portal's front proxy answers during maintenance or overload: HTML, not the JSON envelope.
        res.writeHead(503, { 'content-type': 'text/html' });
        res.end(
          '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n' +
            '<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
        );
        return;
      case 'drop':
        req.socket.destroy();
        return;
      case 'timeout':
        this.hold(req.socket);
        return;
    }
  }

  /** Never answers; the connection is released when the client gives up, at the cap, or on releaseAll(). */
  private hold(socket: Socket): void {
    this.held.add(socket);
    const timer = setTimeout(() => socket.destroy(), this.settings.timeoutCapMs);
    socket.once('close', () => {
      clearTimeout(timer);
      this.held.delete(socket);
    });
  }

  /** The control endpoint: GET reads, PUT replaces, DELETE resets. */
  async handleControl(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET') return sendJson(res, 200, this.get());
    if (req.method === 'DELETE') return sendJson(res, 200, this.reset());
    if (req.method !== 'PUT') return sendJson(res, 405, { error: 'METHOD_NOT_ALLOWED' });
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)) || '{}');
    } catch {
      return sendJson(res, 400, { error: 'INVALID_JSON' });
    }
    const parsed = faultSettingsSchema.safeParse(body);
    if (!parsed.success) return sendJson(res, 400, { error: 'INVALID_FAULTS', issues: parsed.error.issues });
    sendJson(res, 200, this.set(parsed.data));
  }
}

const controllers = new WeakMap<Bitrix24Store, FaultController>();

/** Makes `controller` the one `faultsFor(store)` returns — for a controller created before the server. */
export function attachFaults(store: Bitrix24Store, controller: FaultController): void {
  controllers.set(store, controller);
}

/** The fault controller of a sandbox portal (one per store, created on first use). */
export function faultsFor(store: Bitrix24Store): FaultController {
  let controller = controllers.get(store);
  if (!controller) {
    controller = new FaultController();
    controllers.set(store, controller);
  }
  return controller;
}

/** `/rest/1/token/crm.item.get.json` → `crm.item.get`; `/rest/batch` → `batch`; non-REST paths → undefined. */
export function restMethodOf(path: string): string | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'rest' || parts.length < 2) return undefined;
  const last = decodeURIComponent(parts[parts.length - 1] ?? '');
  return last.replace(/\.json$/i, '').toLowerCase();
}

/** mulberry32: tiny, fast, good enough to make fault decisions reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Lets the call run, but destroys the connection instead of sending its answer. */
function loseAnswer(req: IncomingMessage, res: ServerResponse): void {
  const drop = (() => {
    req.socket.destroy();
    return res;
  }) as typeof res.end;
  res.end = drop;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
