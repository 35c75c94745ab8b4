/** What an administrator sees when querying a request workflow (and what continue-as-new carries over). */
import type { ValidationProblem } from '../domain/validation';
import type { StatusSyncState } from '../domain/status-sync';
import type { OwnWrite } from '../domain/own-writes';

export type RequestPhase =
  | 'validating'
  | 'awaiting-fix'
  | 'ensuring-counterparty'
  | 'creating-document'
  | 'syncing-status'
  | 'completed'
  | 'deleted';

export interface RequestState {
  phase: RequestPhase;
  itemId: number;
  title: string;
  problems: ValidationProblem[];
  escalated: boolean;
  counterparty: { ref: string; inn: string; created: boolean } | null;
  document: { ref: string; number: string } | null;
  sync: StatusSyncState | null;
  /** Conflicts and ignored changes, newest last (bounded). */
  notes: string[];
  /** 1C notification ids already applied; a redelivery with the same id changes nothing. */
  seenEventIds: string[];
  /** Our Bitrix24 item writes whose update events have not come back yet (absent in older runs' state). */
  ownWrites?: OwnWrite[];
}
