/**
 * "Check, then write" for the Bitrix24 writes that are not idempotent by nature. The marker (see
 * domain/side-effect-marker) is the same on every retry of one step, so a retry after a lost answer finds
 * the comment its first attempt wrote instead of adding a second one. Kept apart from the plain writes in
 * crm.ts/users.ts so batching can reuse the check (list first, then put the marked write in a batch).
 */
import { z } from 'zod';
import { hasMarker, markedComment } from '../../domain/side-effect-marker';
import type { Bitrix24Client } from './client';
import { addTimelineComment, type TimelineComment } from './crm';
import { notifyUser } from './users';

const commentRow = z.object({ ID: z.union([z.string(), z.number()]), COMMENT: z.string().nullish() });

/**
 * The newest comments of the item (one page, newest first). A retry follows its lost attempt within
 * minutes, so the comment it looks for is among the latest fifty.
 */
async function latestComments(c: Bitrix24Client, entityType: string, entityId: number): Promise<string[]> {
  const rows = await c.call(
    'crm.timeline.comment.list',
    {
      filter: { ENTITY_ID: entityId, ENTITY_TYPE: entityType },
      order: { ID: 'DESC' },
      select: ['ID', 'COMMENT'],
    },
    z.array(commentRow),
  );
  return rows.map((r) => r.COMMENT ?? '');
}

/** Adds the comment with its marker unless a comment with that marker is already on the item. */
export async function addTimelineCommentOnce(
  c: Bitrix24Client,
  comment: TimelineComment,
  marker: string,
): Promise<'added' | 'already-there'> {
  const existing = await latestComments(c, comment.entityType, comment.entityId);
  if (existing.some((text) => hasMarker(text, marker))) return 'already-there';
  await addTimelineComment(c, { ...comment, comment: markedComment(comment.comment, marker) });
  return 'added';
}

/**
 * Sends the notification tagged with the marker. Bitrix24 has no documented way to list what a user was
 * notified of, but documents `TAG`: a notification with a tag replaces the earlier ones with the same tag,
 * so a repeated send still leaves the user exactly one notification.
 */
export async function notifyUserOnce(
  c: Bitrix24Client,
  userId: number,
  message: string,
  marker: string,
): Promise<void> {
  await notifyUser(c, userId, message, marker);
}
