/**
 * One Bitrix24 activity (`crm.activity.get`), its bindings (`crm.activity.binding.list`) and its responsible
 * user (`user.get`) in one `batch`: the user command takes the id from the activity's answer.
 */
import { z } from 'zod';
import type { BitrixActivity } from '../../domain/interaction';
import { commandResult } from './batch-result';
import type { Bitrix24Client } from './client';
import { isBitrix24NotFound } from './errors';
import { userSchema } from './schemas';
import { responsibleName } from './users';

/** Legacy UPPER_CASE row; ids and enums come as strings ("2"), dates as ISO with offset or empty. */
const numeric = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => Number(v ?? 0) || 0);
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

export const activitySchema = z
  .object({
    ID: numeric,
    OWNER_TYPE_ID: numeric,
    OWNER_ID: numeric,
    TYPE_ID: numeric,
    PROVIDER_ID: text,
    DIRECTION: numeric,
    SUBJECT: text,
    START_TIME: text,
    END_TIME: text,
    CREATED: text,
    COMPLETED: z.union([z.string(), z.boolean()]).nullish(),
    RESPONSIBLE_ID: numeric,
  })
  .passthrough();

const bindingsSchema = z.array(
  z.object({
    entityTypeId: z.union([z.number(), z.string()]).transform(Number),
    entityId: z.union([z.number(), z.string()]).transform(Number),
  }),
);

/** The activity as the domain sees it; null when Bitrix24 no longer has it (deleted since the event). */
export async function readActivity(c: Bitrix24Client, activityId: number): Promise<BitrixActivity | null> {
  const outcome = await c.batch({
    activity: `crm.activity.get?id=${activityId}`,
    bindings: `crm.activity.binding.list?activityId=${activityId}`,
    user: 'user.get?ID=$result[activity][RESPONSIBLE_ID]',
  });
  let row: z.infer<typeof activitySchema>;
  try {
    row = commandResult(outcome, 'activity', 'crm.activity.get', activitySchema);
  } catch (err) {
    if (isBitrix24NotFound(err)) return null;
    throw err;
  }
  const bindings = commandResult(outcome, 'bindings', 'crm.activity.binding.list', bindingsSchema);
  const user = row.RESPONSIBLE_ID
    ? commandResult(outcome, 'user', 'user.get', z.array(userSchema))[0]
    : undefined;
  return {
    id: row.ID,
    typeId: row.TYPE_ID,
    providerId: row.PROVIDER_ID,
    direction: row.DIRECTION,
    subject: row.SUBJECT,
    startTime: row.START_TIME,
    endTime: row.END_TIME,
    created: row.CREATED,
    completed: row.COMPLETED === 'Y' || row.COMPLETED === true,
    responsibleId: row.RESPONSIBLE_ID,
    responsibleName: user ? responsibleName(user) : '',
    bindings: bindings.length > 0 ? bindings : [{ entityTypeId: row.OWNER_TYPE_ID, entityId: row.OWNER_ID }],
  };
}
