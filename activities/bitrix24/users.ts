/** Portal users and their notifications. */
import { z } from 'zod';
import type { Bitrix24Client } from './client';
import { newIdSchema, userSchema, type User } from './schemas';

/** `user.get {ID}` → the user, or undefined when no such (or no visible) user exists. */
export async function getUser(c: Bitrix24Client, id: number | string): Promise<User | undefined> {
  const users = await c.call('user.get', { ID: id }, z.array(userSchema));
  return users[0];
}

/** Sends a system notification to one user; returns the notification id. */
export async function notifyUser(c: Bitrix24Client, userId: number, message: string): Promise<number> {
  return c.call('im.notify.system.add', { USER_ID: userId, MESSAGE: message }, newIdSchema);
}
