/**
 * Signals and queries of the request workflow: the receiver (client/) and the admin tools talk to running
 * workflows only through these.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { RequestState } from './request-state';

/** A Bitrix24 outbound event about the item; it carries ids only, so the workflow re-reads the item. */
export interface BitrixItemChanged {
  event: 'add' | 'update' | 'delete';
  /** `ts` of the event as Bitrix24 sent it (seconds), for the audit trail. */
  ts: number;
  /**
   * `event_handler_id`: the portal's handler registration it was delivered to. The same event reaches every
   * registered handler; this tells its copies from distinct events (domain/duplicate-deliveries.ts).
   */
  handler?: number;
}

/** A status change of the 1C document, from the 1C extension's notification or from polling. */
export interface OneCStatusChanged {
  eventId: string;
  /** `PredefinedDataName` of the new status. */
  status: string;
  /** When 1C recorded the change, ISO-8601 UTC. */
  occurredAt: string;
  /** `integration` when the write was ours (echo), `user` otherwise. */
  initiator: 'user' | 'integration';
}

export const bitrixItemChangedSignal = defineSignal<[BitrixItemChanged]>('bitrixItemChanged');
export const onecStatusChangedSignal = defineSignal<[OneCStatusChanged]>('onecStatusChanged');
export const requestStateQuery = defineQuery<RequestState>('requestState');

/** The 1C extension (or the reconciliation sweep) saw a posted document not linked to Bitrix24. */
export interface OneCDocumentPosted {
  eventId: string;
}

export const onecDocumentPostedSignal = defineSignal<[OneCDocumentPosted]>('onecDocumentPosted');
