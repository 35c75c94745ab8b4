/**
 * What the event.* REST methods share: the portal's argument/access errors, parameter-name normalisation
 * (the rest module upper-cases keys) and the auth check.
 *
 * Fidelity note: a real portal serves event.* only under application (OAuth) authorisation and answers
 * 403 WRONG_AUTH_TYPE to an inbound webhook. startBitrix24Sandbox turns this strict mode on by default; the
 * `eventsOverWebhook: true` option (`setEventAuthStrict(store, false)`) lets webhook calls bind events anyway.
 * A webhook-only integration registers its handler at `POST /__sandbox/outgoing-webhooks` instead.
 */
import { ADMIN_USER_IDS } from '../methods/users';
import { Bitrix24ApiError, type MethodContext, type Params } from '../methods/types';
import type { Bitrix24Store } from '../store';
import { eventHubFor } from './hub';

export const argumentError = (text: string) => new Bitrix24ApiError('ERROR_ARGUMENT', text, 400);
export const nullArgument = (name: string) => argumentError(`Argument '${name}' is null or empty`);
export const accessDenied = (why?: string) =>
  new Bitrix24ApiError('ACCESS_DENIED', why ? `Access denied! ${why}` : 'Access denied!', 403);

const strictStores = new WeakSet<Bitrix24Store>();

/** Makes event.* answer WRONG_AUTH_TYPE to webhook calls (`ctx.authType === 'webhook'`). */
export function setEventAuthStrict(store: Bitrix24Store, strict: boolean): void {
  if (strict) strictStores.add(store);
  else strictStores.delete(store);
}

/** Upper-cases parameter names (the portal does `array_change_key_case`), learns the portal URL, checks auth. */
export function prepare(params: Params, ctx: MethodContext): Record<string, unknown> {
  if (strictStores.has(ctx.store) && ctx.authType === 'webhook') {
    throw new Bitrix24ApiError(
      'WRONG_AUTH_TYPE',
      'Current authorization type is denied for this method',
      403,
    );
  }
  eventHubFor(ctx.store).learnPortalUrl(ctx.portalUrl);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toUpperCase(), v]));
}

export const isAdmin = (ctx: MethodContext) => ADMIN_USER_IDS.has(ctx.userId);
export const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

/** The offline-queue methods are for administrators only; their parameter names are read lower-case. */
export function requireAdmin(params: Params, ctx: MethodContext): Record<string, unknown> {
  const q = prepare(params, ctx);
  if (!isAdmin(ctx)) throw accessDenied();
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k.toLowerCase(), v]));
}

/** PHP arrays arrive as JS arrays or as `{0: …, 1: …}` maps (form bodies); anything else is not a list. */
export function asList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return Object.values(v);
  return undefined;
}
