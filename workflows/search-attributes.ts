/**
 * Search attributes every request workflow carries, so an administrator can find any request in the Temporal
 * UI by its Bitrix24 item id, 1C number, current status or phase ("all waiting for a manager"). They must be
 * registered on the server (`npm run temporal` and the test environment do it; for a cluster see README).
 * Search attributes are stored and indexed in clear — the payload codec does not encrypt them — so none may
 * hold client data.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const B24_ITEM_ID = defineSearchAttributeKey('B24ItemId', SearchAttributeType.INT);
export const ONEC_NUMBER = defineSearchAttributeKey('OneCNumber', SearchAttributeType.KEYWORD);
/** Set only by runs started before INN_NOT_SEARCHABLE; stays registered so their queries keep working. */
export const COUNTERPARTY_INN = defineSearchAttributeKey('CounterpartyInn', SearchAttributeType.KEYWORD);
export const REQUEST_STATUS = defineSearchAttributeKey('RequestStatus', SearchAttributeType.KEYWORD);

/** `awaiting-fix`, `syncing-status`, `failed`, … (domain/request-summary REQUEST_PHASES). */
export const REQUEST_PHASE = defineSearchAttributeKey('RequestPhase', SearchAttributeType.KEYWORD);

export const requestSearchAttributes = [
  B24_ITEM_ID,
  ONEC_NUMBER,
  COUNTERPARTY_INN,
  REQUEST_STATUS,
  REQUEST_PHASE,
];

/** Patch id: runs from this version on no longer copy the client INN into a search attribute. */
export const INN_NOT_SEARCHABLE = 'counterparty-inn-not-searchable';
