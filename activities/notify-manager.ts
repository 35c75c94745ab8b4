/**
 * Tells a Bitrix24 user about a request: a system notification plus, unless `timelineComment` is false (the
 * caller already commented), the same text as a comment on the item.
 */
import { addTimelineComment } from './bitrix24/crm';
import { notifyUser } from './bitrix24/users';
import type { ActivityDeps } from './deps';

export function createNotifyManager({ bitrix, entityTypeId }: ActivityDeps) {
  return async function notifyManager(input: {
    itemId: number;
    userId: number;
    message: string;
    timelineComment?: boolean;
  }): Promise<void> {
    if (input.userId > 0) await notifyUser(bitrix, input.userId, input.message);
    if (input.timelineComment === false) return;
    await addTimelineComment(bitrix, {
      entityType: `dynamic_${entityTypeId}`,
      entityId: input.itemId,
      comment: input.message,
    });
  };
}
