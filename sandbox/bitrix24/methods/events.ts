/**
 * `event.bind`, `event.unbind`, `event.get`: outbound-event handler bindings with the checks, messages and
 * result shapes of the portal's rest module; the offline queue methods come from events/offline-methods.
 */
import { addBinding, bindingsTable, type BindingFields, findDuplicate } from '../events/bindings';
import { allowsOffline, isKnownEvent } from '../events/catalogue';
import { accessDenied, argumentError, isAdmin, nullArgument, prepare, text } from '../events/method-support';
import { offlineEventMethods } from '../events/offline-methods';
import { Bitrix24ApiError, type MethodHandler, value } from './types';

export { setEventAuthStrict } from '../events/method-support';

function eventType(q: Record<string, unknown>): 'online' | 'offline' {
  const type = text(q.EVENT_TYPE).toLowerCase();
  if (type === '') return 'online';
  if (type !== 'online' && type !== 'offline') throw argumentError('Value must be one of {online|offline}');
  return type;
}

/** The portal's HandlerHelper: http(s) only, and the host must contain a dot (so `localhost` is refused). */
function checkHandlerUrl(handler: string): void {
  let url: URL;
  try {
    url = new URL(handler);
  } catch {
    throw new Bitrix24ApiError('ERROR_WRONG_HANDLER_URL', 'Wrong handler URL', 400);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Bitrix24ApiError('ERROR_UNSUPPORTED_PROTOCOL', 'Unsupported handler protocol', 400);
  }
  if (!url.hostname.includes('.'))
    throw new Bitrix24ApiError('ERROR_WRONG_HANDLER_URL', 'Wrong handler URL', 400);
}

const bind: MethodHandler = (params, ctx) => {
  const q = prepare(params, ctx);
  const name = text(q.EVENT).toUpperCase();
  let user = Math.trunc(Number(q.AUTH_TYPE ?? 0)) || 0;
  if (user > 0 && !isAdmin(ctx) && user !== ctx.userId) {
    throw accessDenied('Event binding with AUTH_TYPE requires administrator access rights');
  }
  if (user <= 0 && !isAdmin(ctx)) user = ctx.userId;
  if (name === '') throw nullArgument('EVENT');
  const type = eventType(q);
  let handler = text(q.HANDLER);
  if (type === 'offline') {
    if (!isAdmin(ctx)) throw accessDenied('Offline events binding requires administrator access rights');
    handler = '';
    user = 0;
  } else if (handler === '') throw nullArgument('HANDLER');
  if (handler !== '') checkHandlerUrl(handler);
  if (!isKnownEvent(name)) throw new Bitrix24ApiError('ERROR_EVENT_NOT_FOUND', 'Event not found', 400);
  if (handler === '' && !allowsOffline(name))
    throw argumentError('Offline event cannot be registered for this event.');
  const options = q.OPTIONS && typeof q.OPTIONS === 'object' ? (q.OPTIONS as Record<string, unknown>) : {};
  const fields: BindingFields = {
    EVENT_NAME: name,
    EVENT_HANDLER: handler,
    USER_ID: user,
    CONNECTOR_ID: text(q.AUTH_CONNECTOR),
    OFFLINE: type === 'offline',
    OPTIONS:
      name === 'ONOFFLINEEVENT' && options.minTimeout !== undefined
        ? { minTimeout: Number(options.minTimeout) }
        : {},
  };
  if (findDuplicate(ctx.store, fields)) {
    throw new Bitrix24ApiError('ERROR_CORE', 'Unable to set event handler: Handler already binded', 400);
  }
  addBinding(ctx.store, fields);
  return value(true);
};

const unbind: MethodHandler = (params, ctx) => {
  const q = prepare(params, ctx);
  const name = text(q.EVENT).toUpperCase();
  if (name === '') throw nullArgument('EVENT');
  const type = eventType(q);
  let handler = text(q.HANDLER);
  if (type === 'offline') {
    if (!isAdmin(ctx)) throw accessDenied('Offline events unbinding requires administrator access rights');
    handler = '';
  } else if (handler === '') throw nullArgument('HANDLER');
  let user: number | undefined;
  if (type === 'online' && q.AUTH_TYPE !== undefined) {
    user = Math.trunc(Number(q.AUTH_TYPE)) || 0;
    if (!isAdmin(ctx) && user !== ctx.userId) {
      throw accessDenied('Event unbinding with AUTH_TYPE requires administrator access rights');
    }
  } else if (type === 'online' && !isAdmin(ctx)) user = ctx.userId;
  const connector = text(q.AUTH_CONNECTOR);
  const table = bindingsTable(ctx.store);
  const doomed = table
    .all()
    .filter(
      (b) =>
        b.EVENT_NAME === name &&
        b.EVENT_HANDLER === handler &&
        (type === 'online' || b.CONNECTOR_ID === connector) &&
        (user === undefined || b.USER_ID === user),
    );
  doomed.forEach((b) => table.delete(b.ID));
  return value({ count: doomed.length });
};

const get: MethodHandler = (params, ctx) => {
  prepare(params, ctx);
  const rows = bindingsTable(ctx.store)
    .all()
    .filter((b) => isAdmin(ctx) || b.USER_ID === ctx.userId)
    .map((b) =>
      b.EVENT_HANDLER !== ''
        ? { event: b.EVENT_NAME, handler: b.EVENT_HANDLER, auth_type: String(b.USER_ID), offline: 0 }
        : { event: b.EVENT_NAME, connector_id: b.CONNECTOR_ID, offline: 1 },
    );
  return value(rows);
};

export const eventMethods: Record<string, MethodHandler> = {
  'event.bind': bind,
  'event.unbind': unbind,
  'event.get': get,
  ...offlineEventMethods,
};
