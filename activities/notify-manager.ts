/**
 * Tells a Bitrix24 user about a request: a system notification plus, unless `timelineComment` is false (the
 * caller already commented), the same text as a comment on the item. Both writes carry the step's marker, so
 * a retry after a lost answer writes neither of them twice.
 */
import { addTimelineCommentOnce, notifyUserOnce } from './bitrix24/idempotent-writes';
import type { ActivityDeps } from './deps';
import { stepMarker } from './step-marker';

export function createNotifyManager({ bitrix, entityTypeId }: ActivityDeps) {
  return async function notifyManager(input: {
    itemId: number;
    userId: number;
    message: string;
    timelineComment?: boolean;
  }): Promise<void> {
    const inTurn = bitrix.inTurn(input.itemId);
    if (input.userId > 0) await notifyUserOnce(inTurn, input.userId, input.message, stepMarker('notify'));
    if (input.timelineComment === false) return;
    await addTimelineCommentOnce(
      inTurn,
      { entityType: `dynamic_${entityTypeId}`, entityId: input.itemId, comment: input.message },
      stepMarker('comment'),
    );
  };
}
