/** Workflow ids, shared by the receiver (client/) and workflows that start one another. */

/** One request workflow per Bitrix24 item, wherever the request was born. */
export function requestWorkflowId(entityTypeId: number, itemId: number): string {
  return `request-b24-${entityTypeId}-${itemId}`;
}

/** Bringing one 1C-born document into Bitrix24; it hands over to `requestWorkflowId` once the item exists. */
export function onecRequestWorkflowId(documentRef: string): string {
  return `request-onec-${documentRef.toLowerCase()}`;
}

/** One Bitrix24 activity (call, e-mail, meeting) into 1C's history, one run at a time. */
export function bitrixActivityWorkflowId(activityId: number): string {
  return `interaction-b24-activity-${activityId}`;
}

/** The one reader of Bitrix24's offline event queue for the smart process. */
export function offlineEventsWorkflowId(entityTypeId: number): string {
  return `offline-events-b24-${entityTypeId}`;
}

/**
 * The entity workflow keeping one Bitrix24 client and its 1C counterparty in step. Same key as the
 * per-client counterparty lock (`counterparty-b24-<key>`, ensure-counterparty.ts) with its own prefix: the
 * lock is taken and released by requests, the entity lives on beside it.
 */
export function clientSyncWorkflowId(clientKey: string): string {
  return `counterparty-sync-b24-${clientKey}`;
}
