/**
 * One HTTP request through the emulated web publication: control endpoints, «base down», Basic auth, fault
 * injection, routing and error rendering. Any exception that is not an OData error becomes 500/`-1`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AUTH_CHALLENGE, isAuthorized } from './auth';
import type { Base, Reply, RequestContext } from './context';
import { handleControl } from './control';
import { dispatch } from './dispatch';
import { asErrorLike, faults as errors, INTERNAL_ERROR_TEXT } from './errors';
import { DOWN_HTML, type Faults } from './faults';
import { negotiateFormat } from './format';
import type { NotificationQueue } from './notify/queue';
import { parseQueryString, parseSystemOptions, percentDecode } from './query';
import { errorReply } from './reply';
import { type Resource, route } from './router';
import { OneCStore } from './store';

export interface HandlerDeps {
  base: Base;
  faults: Faults;
  queue: NotificationQueue;
  user: string;
  password: string;
  /** `/<publication>/odata/standard.odata` */
  prefix: string;
  /** Service root URL; known only once the port is bound. */
  root(): string;
  /** Sockets held open by the `timeout` fault, destroyed on close. */
  hanging: Set<Socket>;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'MERGE', 'PUT', 'DELETE']);

/** Node hands raw UTF-8 path bytes over as latin1 characters; restore them before percent-decoding. */
function decodePath(raw: string): string {
  const utf8 = /[\u0080-\u00ff]/.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw;
  return percentDecode(utf8);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { DataServiceVersion: '3.0', ...reply.headers });
  res.end(reply.body);
}

function challenge(res: ServerResponse): void {
  res.writeHead(401, { 'WWW-Authenticate': AUTH_CHALLENGE, 'Content-Type': 'text/plain;charset=utf-8' });
  res.end('401 Unauthorized');
}

export function createRequestHandler(
  deps: HandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { base, faults, queue, user, password, prefix, hanging } = deps;
  return async function handle(req, res) {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = decodePath(q < 0 ? rawUrl : rawUrl.slice(0, q));
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    const body = await readBody(req);
    if (path.startsWith('/__sandbox/')) {
      if (!isAuthorized(req.headers.authorization, user, password)) return challenge(res);
      return send(res, handleControl(method, path, body, faults, queue));
    }
    if (path !== prefix && !path.startsWith(`${prefix}/`)) {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      return void res.end('<html><body><h1>404 Not Found</h1></body></html>');
    }
    if (faults.down) {
      res.writeHead(503, { 'Content-Type': 'text/html; charset=iso-8859-1' });
      return void res.end(DOWN_HTML);
    }
    if (!isAuthorized(req.headers.authorization, user, password)) return challenge(res);
    const rawOptions = parseQueryString(rawQuery);
    const accept = req.headers.accept;
    const wantsJson =
      /json/i.test(rawOptions.get('$format') ?? '') ||
      (!rawOptions.has('$format') && /application\/json/i.test(accept ?? ''));
    let resource: Resource | undefined;
    try {
      resource = route(path.slice(prefix.length + 1));
      const setName = 'set' in resource ? resource.set.name : undefined;
      const latency = faults.latency(method, setName);
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      const injected = faults.pickError(method, setName);
      if (injected === 'drop') return void req.socket.destroy();
      if (injected === 'timeout') {
        hanging.add(req.socket);
        return void req.socket.once('close', () => hanging.delete(req.socket));
      }
      if (injected === '503') {
        res.writeHead(503, { 'Content-Type': 'text/html; charset=iso-8859-1' });
        return void res.end(DOWN_HTML);
      }
      if (injected === '500') throw errors.internal();
      const options = parseSystemOptions(rawOptions);
      const ctx: RequestContext = {
        method,
        root: deps.root(),
        options,
        format: negotiateFormat(options.format, accept),
        headers: req.headers,
        body,
        dataLoadMode: String(req.headers['1c_odata-dataloadmode'] ?? '').toLowerCase() === 'true',
      };
      if (injected === 'rights' && !(options.allowedOnly && resource.kind === 'set' && method === 'GET')) {
        throw errors.rights();
      }
      // RLS hit with allowedOnly: the rows the user may not see are silently left out (here: all of them).
      const reply =
        injected === 'rights'
          ? dispatch({ ...base, store: new OneCStore() }, ctx, resource)
          : dispatch(base, ctx, resource);
      if (WRITE_METHODS.has(method) && faults.losesResponse(method, setName))
        return void req.socket.destroy();
      send(res, reply);
    } catch (e) {
      const known = asErrorLike(e);
      if (!known) console.error('[onec-sandbox] internal error', e);
      send(
        res,
        errorReply(wantsJson, known ?? { httpStatus: 500, code: '-1', message: INTERNAL_ERROR_TEXT }),
      );
    }
  };
}
