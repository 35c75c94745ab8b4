/**
 * Contract between the Bitrix24 sandbox transport (server.ts) and the REST method handlers.
 * A handler receives the already-decoded parameters (JSON body, form body with PHP-style keys, or query
 * string — all normalised to one nested object) and returns the `result` value, or a list page.
 */
import type { Bitrix24Store } from '../store';

export type Params = Record<string, unknown>;

export interface MethodContext {
  store: Bitrix24Store;
  /** Id of the user the inbound webhook belongs to (the `<userId>` URL segment). */
  userId: number;
  /** `https://<host>:<port>` of the sandbox as the caller reached it — used to build absolute URLs. */
  portalUrl: string;
  /**
   * How the call was authorised: `webhook` for `/rest/<user>/<token>/…` (and every command of a batch sent
   * that way), `oauth` for an application token. Some methods (event.*) are refused to webhooks.
   */
  authType: 'webhook' | 'oauth';
}

/** A list page: `result` plus the envelope's `total`/`next` (omitted when `start=-1`). */
export interface ListResult {
  kind: 'list';
  result: unknown;
  total?: number;
  next?: number;
  /** Server time a real portal spends on this page (server-time.ts); charged instead of the wall time. */
  serverSeconds?: number;
}

export type MethodResult = ListResult | { kind: 'value'; result: unknown };

export type MethodHandler = (params: Params, ctx: MethodContext) => MethodResult | Promise<MethodResult>;

/** Thrown by handlers; the transport turns it into the documented error envelope and HTTP status. */
export class Bitrix24ApiError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly httpStatus: number,
  ) {
    super(`${code}: ${description}`);
  }
}

export const value = (result: unknown): MethodResult => ({ kind: 'value', result });
