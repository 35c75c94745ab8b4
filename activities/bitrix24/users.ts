/** Portal users and their notifications. */
import { z } from 'zod';
import type { Bitrix24Client } from './client';
import { newIdSchema, userSchema, type User } from './schemas';

/** 1C «Ответственный» in the 1C habit: surname first ("Иванова Мария"). */
export function responsibleName(user: User): string {
  const name = [user.LAST_NAME, user.NAME].filter((part) => part?.trim()).join(' ');
  return name || user.EMAIL || `#${user.ID}`;
}

/** `user.get {ID}` → the user, or undefined when no such (or no visible) user exists. */
export async function getUser(c: Bitrix24Client, id: number | string): Promise<User | undefined> {
  const users = await c.call('user.get', { ID: id }, z.array(userSchema));
  return users[0];
}

/**
 * Sends a system notification to one user; returns the notification id. With a `tag`, the portal deletes
 * earlier notifications carrying the same tag (documented `TAG` parameter).
 */
export async function notifyUser(
  c: Bitrix24Client,
  userId: number,
  message: string,
  tag?: string,
): Promise<number> {
  const params = { USER_ID: userId, MESSAGE: message, ...(tag ? { TAG: tag } : {}) };
  return c.call('im.notify.system.add', params, newIdSchema);
}
