/** Portal users and their notifications. */
import { z } from 'zod';
import type { Bitrix24Client } from './client';
import { newIdSchema, userSchema, type User } from './schemas';

/** `user.get {ID}` → the user, or undefined when no such (or no visible) user exists. */
export async function getUser(c: Bitrix24Client, id: number | string): Promise<User | undefined> {
  const users = await c.call('user.get', { ID: id }, z.array(userSchema));
  return users[0];
}

/** Display name as Bitrix24 shows it ("Мария Иванова"), used for 1C «Ответственный». */
export function userDisplayName(user: User): string {
  const name = [user.NAME, user.LAST_NAME].filter((part) => part && part.trim()).join(' ');
  return name || user.EMAIL || `#${user.ID}`;
}

/** Sends a system notification to one user; returns the notification id. */
export async function notifyUser(c: Bitrix24Client, userId: number, message: string): Promise<number> {
  return c.call('im.notify.system.add', { USER_ID: userId, MESSAGE: message }, newIdSchema);
}
