/**
 * Typed client of the 1C:Enterprise standard OData interface (OData v3, JSON). It issues exactly the
 * requests of the reference (§1.3, §5, §9.5): reads ask for `nometadata` JSON, writes send JSON with
 * `$format=json`, credentials go pre-emptively, and every failure is a classified `OneCError`.
 */
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { parseODataError, unexpectedShape } from './errors';
import type { ODataFilter } from './literals';
import {
  expectSuccess,
  parseJson,
  parseWith,
  send,
  type Connection,
  type Exchange,
  type Row,
} from './transport';
import { Turnstile } from './turnstile';
import { entityPath, queryString, setPath } from './url';

export type { Row } from './transport';

export interface OneCClientOptions {
  /** Service root, e.g. `http://127.0.0.1:8101/zayavki/odata/standard.odata/`. */
  odataUrl: string;
  user: string;
  password: string;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  /** Send `1C_OData-DataLoadMode: true` on writes, so the 1C extension recognises our own changes. */
  dataLoadMode?: boolean;
  /** Time zone of the 1C base, for naive local dates (default Europe/Moscow). */
  timeZone?: string;
  /** At most this many requests at a time, served first come, first served (default: no bound). */
  maxConcurrentRequests?: number;
}

export interface ListQuery {
  filter?: ODataFilter;
  select?: string[];
  orderby?: string;
  top?: number;
  skip?: number;
}

const NOMETADATA = 'application/json;odata=nometadata';
const collectionSchema = z.object({ value: z.array(z.unknown()) });

export class OneCClient {
  readonly timeZone: string;
  private readonly conn: Connection;
  private readonly writeHeaders: Record<string, string>;

  constructor(opts: OneCClientOptions) {
    this.conn = {
      root: opts.odataUrl.endsWith('/') ? opts.odataUrl : `${opts.odataUrl}/`,
      authorization: `Basic ${Buffer.from(`${opts.user}:${opts.password}`, 'utf8').toString('base64')}`,
      timeoutMs: opts.timeoutMs ?? 30_000,
      dispatcher: opts.dispatcher,
      turnstile: opts.maxConcurrentRequests ? new Turnstile(opts.maxConcurrentRequests) : undefined,
    };
    this.writeHeaders = opts.dataLoadMode ? { '1C_OData-DataLoadMode': 'true' } : {};
    this.timeZone = opts.timeZone ?? 'Europe/Moscow';
  }

  async list<T>(set: string, q: ListQuery, row: Row<T>): Promise<T[]> {
    const query = queryString([
      ['$format', NOMETADATA],
      ['$filter', q.filter],
      ['$select', q.select?.join(',')],
      ['$orderby', q.orderby],
      ['$top', q.top?.toString()],
      ['$skip', q.skip?.toString()],
    ]);
    const what = `GET ${set}`;
    const answer = await this.ok({ method: 'GET', path: `${setPath(set)}${query}`, what });
    return parseJson(answer, collectionSchema, what).value.map((value) => parseWith(value, row, what));
  }

  /** The entity by key, or undefined when 1C answers 404 code 9. */
  async get<T>(
    set: string,
    ref: string,
    row: Row<T>,
    opts: { select?: string[] } = {},
  ): Promise<T | undefined> {
    const query = queryString([
      ['$format', NOMETADATA],
      ['$select', opts.select?.join(',')],
    ]);
    const what = `GET ${set}(${ref})`;
    const answer = await send(this.conn, { method: 'GET', path: `${entityPath(set, ref)}${query}`, what });
    if (answer.status === 404 && parseODataError(answer.text)?.code === '9') return undefined;
    return parseJson(expectSuccess(answer, what), row, what);
  }

  /** `Set/$count[?$filter=…]`: 1C answers a bare integer as text. */
  async count(set: string, filter?: ODataFilter): Promise<number> {
    const what = `GET ${set}/$count`;
    const answer = await this.ok({
      method: 'GET',
      path: `${setPath(set)}/$count${queryString([['$filter', filter]])}`,
      what,
    });
    const text = answer.text.trim();
    if (!/^\d+$/.test(text)) throw unexpectedShape(what, JSON.stringify(text.slice(0, 80)));
    return Number(text);
  }

  async create<T>(set: string, body: Record<string, unknown>, row: Row<T>): Promise<T> {
    const what = `POST ${set}`;
    const path = `${setPath(set)}?$format=json`;
    return parseJson(
      await this.ok({ method: 'POST', path, what, body, headers: this.writeHeaders }),
      row,
      what,
    );
  }

  async patch<T>(
    set: string,
    ref: string,
    body: Record<string, unknown>,
    row: Row<T>,
    opts: { ifMatch?: string } = {},
  ): Promise<T> {
    const what = `PATCH ${set}(${ref})`;
    const headers =
      opts.ifMatch === undefined ? this.writeHeaders : { ...this.writeHeaders, 'if-match': opts.ifMatch };
    const path = `${entityPath(set, ref)}?$format=json`;
    return parseJson(await this.ok({ method: 'PATCH', path, what, body, headers }), row, what);
  }

  /** Posts a document (non-operational mode). 1C answers 200; the body is not relied on. */
  async post(documentSet: string, ref: string): Promise<void> {
    // No DataLoadMode here: posting in load mode would skip the posting checks we rely on.
    const path = `${entityPath(documentSet, ref)}/Post?PostingModeOperational=false`;
    await this.ok({ method: 'POST', path, what: `Post ${documentSet}(${ref})` });
  }

  async unpost(documentSet: string, ref: string): Promise<void> {
    await this.ok({
      method: 'POST',
      path: `${entityPath(documentSet, ref)}/Unpost`,
      what: `Unpost ${documentSet}(${ref})`,
    });
  }

  /** Adds an information-register record; a record with the same key already there is 'exists' (400/15). */
  async createRecord(set: string, body: Record<string, unknown>): Promise<'created' | 'exists'> {
    const what = `POST ${set}`;
    const path = `${setPath(set)}?$format=json`;
    const answer = await send(this.conn, { method: 'POST', path, what, body, headers: this.writeHeaders });
    if (answer.status >= 400 && parseODataError(answer.text)?.code === '15') return 'exists';
    expectSuccess(answer, what);
    return 'created';
  }

  /** Deletes by canonical key path (`Set(k=v,…)` already encoded); a key already gone is 'missing'. */
  async deleteByKey(set: string, keyPath: string): Promise<'deleted' | 'missing'> {
    const what = `DELETE ${set}${keyPath}`;
    const path = `${setPath(set)}${keyPath}`;
    const answer = await send(this.conn, { method: 'DELETE', path, what, headers: this.writeHeaders });
    if (answer.status === 404 && parseODataError(answer.text)?.code === '9') return 'missing';
    expectSuccess(answer, what);
    return 'deleted';
  }

  private async ok(exchange: Exchange) {
    return expectSuccess(await send(this.conn, exchange), exchange.what);
  }
}
