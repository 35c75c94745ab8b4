/** Workflow ids, shared by the receiver (client/) and workflows that start one another. */

/** One request workflow per Bitrix24 item, wherever the request was born. */
export function requestWorkflowId(entityTypeId: number, itemId: number): string {
  return `request-b24-${entityTypeId}-${itemId}`;
}

/** Bringing one 1C-born document into Bitrix24; it hands over to `requestWorkflowId` once the item exists. */
export function onecRequestWorkflowId(documentRef: string): string {
  return `request-onec-${documentRef.toLowerCase()}`;
}

/**
 * The entity workflow keeping one Bitrix24 client and its 1C counterparty in step. Same key as the
 * per-client counterparty lock (`counterparty-b24-<key>`, ensure-counterparty.ts) with its own prefix: the
 * lock is taken and released by requests, the entity lives on beside it.
 */
export function clientSyncWorkflowId(clientKey: string): string {
  return `counterparty-sync-b24-${clientKey}`;
}
