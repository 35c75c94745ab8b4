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
