/**
 * One way to hand a Bitrix24 item event to its request workflow, whichever channel brought it: the webhook
 * receiver (client/bitrix-webhook) and the offline-queue reader (activities/offline-events) both call this,
 * so an event arriving by both channels ends in the same signal-with-start, which the workflow coalesces.
 */
import { itemChangeKind, type ItemEvent } from '../domain/offline-event';
import type { RequestSignals } from './request-dispatcher';

export type ItemEventOutcome = { accepted: string; workflowId: string } | { ignored: string };

export async function dispatchItemEvent(
  dispatcher: RequestSignals,
  entityTypeId: number,
  event: ItemEvent,
): Promise<ItemEventOutcome> {
  const kind = itemChangeKind(event, entityTypeId);
  if (!kind) return { ignored: `${event.event} is not about smart process ${entityTypeId}` };
  const workflowId = await dispatcher.bitrixItemChanged(event.itemId, {
    event: kind,
    ts: event.ts,
    ...(event.handler === undefined ? {} : { handler: event.handler }),
  });
  return { accepted: event.event, workflowId };
}
