/**
 * The administrator's HTTP surface, mounted by the receiver under /admin:
 *   GET  /admin                      the report page (charts, tables, "retry" for failed runs); login form without a session
 *   POST /admin/login, /admin/logout session cookie for a browser
 *   GET  /admin/report?from&to&format=json|csv|table|html
 *   POST /admin/retry                reset a failed run (workflowId, runId; form or JSON)
 *   GET  /admin/assets/…             the page's scripts, from this installation (no CDN)
 * Everything except the login form needs the token (admin/auth.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { RequestsReport } from '../domain/report/build';
import { PeriodError, reportPeriod, type Period } from '../domain/report/period';
import { renderCsv } from '../domain/report/render-csv';
import { renderHtml } from '../domain/report/render-html';
import { renderTable } from '../domain/report/render-text';
import { reportScripts } from '../report/assets';
import { AdminAuth, clearedCookie } from './auth';
import { adminPage, ASSETS, loginPage } from './pages';
import { RetryRefused } from './retry';

export interface AdminOptions {
  token: string;
  timeZone: string;
  report(period: Period): Promise<RequestsReport>;
  retry(workflowId: string, runId: string, reason: string): Promise<{ runId: string }>;
  log?: (line: string) => void;
}

export type AdminHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const MAX_FORM_BYTES = 16_384;
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const retryBody = z.object({ workflowId: z.string().min(1).max(1000), runId: z.string().uuid() });

interface Answer {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}

export function createAdminHandler(opts: AdminOptions): AdminHandler {
  const auth = new AdminAuth(opts.token);
  const log = opts.log ?? ((line: string) => console.log(line));

  async function route(req: IncomingMessage, url: URL): Promise<Answer> {
    const { pathname: path } = url;
    const method = req.method ?? 'GET';
    if (path === '/admin/login' && method === 'POST') return login(req);
    const authenticated = auth.isAuthenticated(req.headers);
    if (path === '/admin' && method === 'GET' && !authenticated) return html(200, loginPage(false));
    if (!authenticated)
      return json(401, { error: 'admin token required (Authorization: Bearer <admin.token>)' });
    if (path === '/admin/logout' && method === 'POST') return redirect('/admin', clearedCookie());
    if (path === '/admin' && method === 'GET') {
      const notice = url.searchParams.get('notice') ?? undefined;
      const report = await opts.report(period(url));
      return html(200, adminPage(report, periodQuery(url), notice));
    }
    if (path === '/admin/report' && method === 'GET') return reportAnswer(url);
    if (path === '/admin/retry' && method === 'POST') return retry(req);
    if (path === ASSETS.chartLibrary && method === 'GET') return script(reportScripts().chartLibrary);
    if (path === ASSETS.chartScript && method === 'GET') return script(reportScripts().chartScript);
    return json(404, { error: `no such admin endpoint: ${method} ${path}` });
  }

  async function login(req: IncomingMessage): Promise<Answer> {
    const form = new URLSearchParams((await readSmall(req)).toString('utf8'));
    if (!auth.isTokenValid(form.get('token') ?? '')) {
      log('admin: login with a wrong token');
      return html(401, loginPage(true));
    }
    const secure = req.headers['x-forwarded-proto'] === 'https';
    return redirect('/admin', auth.sessionCookie(secure));
  }

  async function reportAnswer(url: URL): Promise<Answer> {
    const report = await opts.report(period(url));
    const format = url.searchParams.get('format') ?? 'json';
    if (format === 'json') return json(200, report);
    if (format === 'csv') {
      return {
        status: 200,
        type: 'text/csv; charset=utf-8',
        body: renderCsv(report),
        headers: { 'Content-Disposition': 'attachment; filename="requests-report.csv"' },
      };
    }
    if (format === 'table')
      return { status: 200, type: 'text/plain; charset=utf-8', body: renderTable(report) };
    if (format === 'html') {
      const scripts = reportScripts();
      const page = renderHtml(report, {
        chartLibrary: { inline: scripts.chartLibrary },
        chartScript: { inline: scripts.chartScript },
      });
      // A standalone file to save: inline scripts, so it is served without the page's strict CSP.
      return {
        status: 200,
        type: 'text/html; charset=utf-8',
        body: page,
        headers: {
          'Content-Security-Policy':
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
        },
      };
    }
    return json(400, { error: 'format must be json, csv, table or html' });
  }

  async function retry(req: IncomingMessage): Promise<Answer> {
    const fromForm = auth.viaCookie(req.headers);
    // A cookie is sent by the browser on its own: accept it only from our own pages (SameSite=Strict
    // already stops other sites; the Origin check covers older browsers).
    if (fromForm && !sameOrigin(req)) return json(403, { error: 'cross-origin form refused' });
    const raw = (await readSmall(req)).toString('utf8');
    const parsed = retryBody.safeParse(
      (req.headers['content-type'] ?? '').includes('json')
        ? safeJson(raw)
        : Object.fromEntries(new URLSearchParams(raw)),
    );
    if (!parsed.success) return json(400, { error: 'workflowId and runId (uuid) are required' });
    const { workflowId, runId } = parsed.data;
    try {
      const result = await opts.retry(workflowId, runId, 'retry from the b24-onec-bridge admin page');
      log(`admin: reset ${workflowId} run ${runId} → new run ${result.runId}`);
      if (fromForm) return redirect(`/admin?notice=${encodeURIComponent(`Перезапущено: ${workflowId}`)}`);
      return json(200, { workflowId, runId: result.runId });
    } catch (err) {
      if (!(err instanceof RetryRefused)) throw err;
      return json(409, { error: err.message });
    }
  }

  function period(url: URL): Period {
    return reportPeriod(
      url.searchParams.get('from') || undefined,
      url.searchParams.get('to') || undefined,
      opts.timeZone,
      Date.now(),
    );
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/admin', 'http://admin');
    let answer: Answer;
    try {
      answer = await route(req, url);
    } catch (err) {
      if (err instanceof PeriodError) answer = json(400, { error: err.message });
      else if (err instanceof FormTooLarge)
        answer = json(413, { error: `body larger than ${MAX_FORM_BYTES} bytes` });
      else {
        log(
          `admin: ${req.method} ${url.pathname} failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        answer = json(503, { error: 'report sources unavailable, try again later' });
      }
    }
    res.writeHead(answer.status, {
      'Content-Type': answer.type,
      'Content-Length': Buffer.byteLength(answer.body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'Content-Security-Policy': CSP,
      ...answer.headers,
    });
    res.end(answer.body);
  };
}

class FormTooLarge extends Error {}

async function readSmall(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new FormTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function periodQuery(url: URL): string {
  const params = new URLSearchParams();
  for (const key of ['from', 'to']) {
    const value = url.searchParams.get(key);
    if (value) params.set(key, value);
  }
  return params.toString();
}

const json = (status: number, body: unknown): Answer => ({
  status,
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});
const html = (status: number, body: string): Answer => ({ status, type: 'text/html; charset=utf-8', body });
const script = (body: string): Answer => ({ status: 200, type: 'text/javascript; charset=utf-8', body });
const redirect = (location: string, cookie?: string): Answer => ({
  status: 303,
  type: 'text/plain; charset=utf-8',
  body: `see ${location}`,
  headers: { Location: location, ...(cookie ? { 'Set-Cookie': cookie } : {}) },
});
