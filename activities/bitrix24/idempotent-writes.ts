/**
 * "Check, then write" for the Bitrix24 writes that are not idempotent by nature. The marker (see
 * domain/side-effect-marker) is the same on every retry of one step, so a retry after a lost answer finds
 * the comment its first attempt wrote instead of adding a second one. Kept apart from the plain writes in
 * crm.ts/users.ts so batching can reuse the check (list first, then put the marked write in a batch).
 */
import { z } from 'zod';
import { hasMarker, markedComment } from '../../domain/side-effect-marker';
import { commandResult } from './batch-result';
import type { BatchCommand, BatchOutcome, Bitrix24Client } from './client';
import { addTimelineComment, timelineCommentCommand, type TimelineComment } from './crm';
import { newIdSchema } from './schemas';
import { notifyUser } from './users';

const commentRow = z.object({ ID: z.union([z.string(), z.number()]), COMMENT: z.string().nullish() });

/**
 * The newest comments of the item (one page, newest first). A retry follows its lost attempt within
 * minutes, so the comment it looks for is among the latest fifty.
 */
function latestCommentsCommand(entityType: string, entityId: number): BatchCommand {
  return {
    method: 'crm.timeline.comment.list',
    params: {
      filter: { ENTITY_ID: entityId, ENTITY_TYPE: entityType },
      order: { ID: 'DESC' },
      select: ['ID', 'COMMENT'],
    },
  };
}

async function latestComments(c: Bitrix24Client, entityType: string, entityId: number): Promise<string[]> {
  const { method, params } = latestCommentsCommand(entityType, entityId) as Exclude<BatchCommand, string>;
  const rows = await c.call(method, params, z.array(commentRow));
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
 * Item writes and their marked comment in one `batch` (halting at the first failure, so no comment about a
 * write that did not happen). The first attempt of a step cannot find a comment of its own, so it writes
 * both at once; a retry — whose earlier attempt may have written them and lost the answer — reads the
 * latest comments in the same batch as the writes and adds the comment only when its marker is not there.
 * The caller reads its own commands' results from the outcome; the comment's is checked here once they
 * all succeeded.
 */
export async function batchWithCommentOnce(
  c: Bitrix24Client,
  writes: Record<string, BatchCommand>,
  comment: TimelineComment,
  marker: string,
  firstAttempt: boolean,
): Promise<BatchOutcome> {
  const marked = { ...comment, comment: markedComment(comment.comment, marker) };
  if (firstAttempt) {
    const outcome = await c.batch({ ...writes, comment: timelineCommentCommand(marked) }, true);
    const writesFailed = Object.keys(writes).some((key) => outcome.errors[key]);
    if (!writesFailed) commandResult(outcome, 'comment', 'crm.timeline.comment.add', newIdSchema);
    return outcome;
  }
  const outcome = await c.batch(
    { ...writes, comments: latestCommentsCommand(comment.entityType, comment.entityId) },
    true,
  );
  if (Object.keys(writes).some((key) => outcome.errors[key])) return outcome;
  const rows = commandResult(outcome, 'comments', 'crm.timeline.comment.list', z.array(commentRow));
  if (!rows.some((r) => hasMarker(r.COMMENT ?? '', marker))) await addTimelineComment(c, marked);
  return outcome;
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
