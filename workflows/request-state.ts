/** What an administrator sees when querying a request workflow (and what continue-as-new carries over). */
import type { ValidationProblem } from '../domain/validation';
import type { StatusSyncState } from '../domain/status-sync';

export type RequestPhase =
  | 'validating'
  | 'awaiting-fix'
  | 'ensuring-counterparty'
  | 'creating-document'
  | 'syncing-status'
  | 'completed'
  | 'deleted'
  /** Its 1C document vanished and policy "cancel" closed it (workflows/vanished-document.ts). */
  | 'cancelled'
  /** Its Bitrix24 item id now names a newer item; the next run handles that one (workflows/replaced-item.ts). */
  | 'superseded';

export interface RequestState {
  phase: RequestPhase;
  itemId: number;
  title: string;
  /** `createdTime` of the Bitrix24 item this request is about (absent in runs started before it was kept). */
  createdTime?: string;
  problems: ValidationProblem[];
  escalated: boolean;
  counterparty: { ref: string; inn: string; created: boolean } | null;
  document: { ref: string; number: string } | null;
  sync: StatusSyncState | null;
  /** Conflicts and ignored changes, newest last (bounded). */
  notes: string[];
  /** 1C notification ids already applied; a redelivery with the same id changes nothing. */
  seenEventIds: string[];
}
