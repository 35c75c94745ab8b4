/**
 * Notifications: `im.notify.system.add`, `im.notify.personal.add` and the older `im.notify`. Sent
 * notifications land in the `notifications` table, which tests read (or `GET /__sandbox/notifications`).
 * A notification with a TAG replaces earlier ones with the same tag, as the docs describe.
 */
import { formatPortalDate } from '../dates';
import type { Bitrix24Store } from '../store';
import { Bitrix24ApiError, type MethodHandler, type Params, value } from './types';
import { userExists } from './users';

export interface NotificationRow extends Record<string, unknown> {
  ID: number;
  /** `system`: from the portal, no author; `personal`: from the calling user. */
  TYPE: 'system' | 'personal';
  USER_ID: number;
  AUTHOR_ID: number;
  MESSAGE: string;
  MESSAGE_OUT: string;
  TAG: string;
  SUB_TAG: string;
  ATTACH: unknown;
  DATE: string;
}

export const notificationsTable = (store: Bitrix24Store) => store.table<NotificationRow>('notifications');

/** Sent notifications, oldest first — optionally only those addressed to one user. */
export function sentNotifications(store: Bitrix24Store, userId?: number): NotificationRow[] {
  return notificationsTable(store)
    .all()
    .filter((n) => userId === undefined || n.USER_ID === userId);
}

const MAX_ATTACH = 60_000;

function send(params: Params, authorId: number, type: NotificationRow['TYPE'], store: Bitrix24Store) {
  const q = Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toUpperCase(), v]));
  const userId = Math.trunc(Number(q.USER_ID ?? q.TO ?? 0)) || 0;
  if (userId <= 0) throw new Bitrix24ApiError('USER_ID_EMPTY', "User ID can't be empty", 400);
  const message = String(q.MESSAGE ?? '').trim();
  if (message === '') throw new Bitrix24ApiError('MESSAGE_EMPTY', "Message can't be empty", 400);
  if (q.ATTACH !== undefined) {
    const size = typeof q.ATTACH === 'string' ? q.ATTACH.length : JSON.stringify(q.ATTACH).length;
    if (size > MAX_ATTACH) {
      throw new Bitrix24ApiError(
        'ATTACH_OVERSIZE',
        'You have exceeded the maximum allowable size of attach',
        400,
      );
    }
  }
  // The portal creates nothing for an unknown recipient and reports it with `false`.
  if (!userExists(store, userId)) return value(false);
  const table = notificationsTable(store);
  const tag = String(q.TAG ?? '');
  if (tag !== '') for (const old of table.all()) if (old.TAG === tag) table.delete(old.ID);
  const id = table.nextId();
  table.insert(id, {
    ID: id,
    TYPE: type,
    USER_ID: userId,
    AUTHOR_ID: type === 'system' ? 0 : authorId,
    MESSAGE: message,
    MESSAGE_OUT: String(q.MESSAGE_OUT ?? ''),
    TAG: tag,
    SUB_TAG: String(q.SUB_TAG ?? ''),
    ATTACH: q.ATTACH ?? null,
    DATE: formatPortalDate(new Date()),
  });
  return value(id);
}

export const notifyMethods: Record<string, MethodHandler> = {
  'im.notify.system.add': (params, ctx) => send(params, ctx.userId, 'system', ctx.store),
  'im.notify.personal.add': (params, ctx) => send(params, ctx.userId, 'personal', ctx.store),
  /** Legacy form: `{to, message, type: 'USER'|'SYSTEM'}`. */
  'im.notify': (params, ctx) => {
    const type =
      String(params.type ?? params.TYPE ?? 'USER').toUpperCase() === 'SYSTEM' ? 'system' : 'personal';
    return send(params, ctx.userId, type, ctx.store);
  },
};
