/** What an administrator sees when querying a request workflow (and what continue-as-new carries over). */
import type { ValidationProblem } from '../domain/validation';
import type { StatusSyncState } from '../domain/status-sync';
import type { OwnWrite } from '../domain/own-writes';
import type { Delivery } from '../domain/duplicate-deliveries';
import type { RequestPhase } from '../domain/request-summary';

export type { RequestPhase } from '../domain/request-summary';

export interface RequestState {
  phase: RequestPhase;
  itemId: number;
  title: string;
  /** `createdTime` of the Bitrix24 item this request is about (absent in runs started before it was kept). */
  createdTime?: string;
  problems: ValidationProblem[];
  escalated: boolean;
  /** `name` is absent in states carried over from runs before it was recorded. */
  counterparty: { ref: string; inn: string; created: boolean; name?: string } | null;
  document: { ref: string; number: string } | null;
  sync: StatusSyncState | null;
  /** Conflicts and ignored changes, newest last (bounded). */
  notes: string[];
  /** 1C notification ids already applied; a redelivery with the same id changes nothing. */
  seenEventIds: string[];
  /** Our Bitrix24 item writes whose update events have not come back yet (absent in older runs' state). */
  ownWrites?: OwnWrite[];
  /** Recent Bitrix24 deliveries, to recognise copies of one event sent to several handlers. */
  recentDeliveries?: Delivery[];
}
