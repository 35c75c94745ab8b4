/**
 * The facts «Отчёт по заявкам» is computed from, already joined and in instants (ms since epoch):
 * one per 1C document (from the documents, the statuses catalog and the history register) and one per
 * request workflow run (from Temporal visibility).
 */
export interface RequestFact {
  ref: string;
  number: string;
  /** Bitrix24 item id as 1C stores it ("" for documents made in 1C). */
  itemId: string;
  createdAt: number;
  counterparty: string;
  type: string;
  status: string;
  final: boolean;
  manager: string;
  /** The last time the status changed (document creation when it never did). */
  lastStatusChangeAt: number;
  /** When the request reached a final status, if it did. */
  completedAt?: number;
}

export type RunStatus =
  | 'RUNNING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELLED'
  | 'TERMINATED'
  | 'CONTINUED_AS_NEW'
  | 'TIMED_OUT'
  | 'UNKNOWN';

export interface RunFact {
  workflowId: string;
  runId: string;
  itemId?: number;
  status: RunStatus;
  /** `RequestPhase` search attribute (domain/request-summary). */
  phase?: string;
  /** «title · client · 1C number», from the run's memo. */
  summary?: string;
  startedAt: number;
  /** When the run entered its current phase (memo), else its start. */
  phaseSince?: number;
  closedAt?: number;
  /** Innermost failure message of a failed run. */
  error?: string;
}
