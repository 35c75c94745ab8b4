/**
 * The back-fill's decisions and its progress: for each existing Bitrix24 company or contact, what linking it
 * to 1C means (the link is the product's own — the counterparty's `ИдКомпанииБитрикс24`, see counterparty.ts),
 * and the counters and recent lines the command line shows while it runs.
 */
import type { MatchRule } from './counterparty';

/** What happened (or, in a dry run, would happen) to one client. */
export type BackfillOutcome =
  /** The counterparty already carries this client's Bitrix24 id. */
  | 'already-linked'
  /** Found by INN / phone / e-mail with no Bitrix24 id: the id is written (apply) or would be (dry run). */
  | 'linked'
  | 'would-link'
  /** Found, but it carries another client's Bitrix24 id: left as it is for a person to decide. */
  | 'held-by-other'
  /** Nothing matched: created (apply) or would be (dry run). */
  | 'created'
  | 'would-create';

export interface FoundCounterparty {
  via: MatchRule;
  /** `ИдКомпанииБитрикс24` the counterparty carries now ('' when none). */
  currentKey: string;
}

/** The plan for one client; `ourKey` is its `bitrixClientKey`. */
export function planLink(
  found: FoundCounterparty | null,
  ourKey: string,
  apply: boolean,
): 'already-linked' | 'link' | 'held-by-other' | 'create' | 'would-link' | 'would-create' {
  if (!found) return apply ? 'create' : 'would-create';
  if (found.via === 'bitrixId' || found.currentKey === ourKey) return 'already-linked';
  if (found.currentKey !== '') return 'held-by-other';
  return apply ? 'link' : 'would-link';
}

export type BackfillCounts = Record<BackfillOutcome, number>;

export const emptyCounts = (): BackfillCounts => ({
  'already-linked': 0,
  linked: 0,
  'would-link': 0,
  'held-by-other': 0,
  created: 0,
  'would-create': 0,
});

/** One line of the back-fill's log, numbered so a re-attached command line prints each line once. */
export interface BackfillLine {
  seq: number;
  outcome: BackfillOutcome;
  client: string;
  name: string;
  /** Counterparty name and how it was found, or the new one's name. */
  detail: string;
}

export interface BackfillProgress {
  apply: boolean;
  /** Companies first, then contacts; `done` once both are through. */
  phase: 'company' | 'contact' | 'done';
  /** Companies + contacts when the run started (one counted read), null before it is known. */
  total: number | null;
  processed: number;
  counts: BackfillCounts;
  /** The latest lines (bounded: the workflow's state must stay small across continue-as-new). */
  recent: BackfillLine[];
  /** Epoch ms when the back-fill (its first run) started. */
  startedAtMs: number;
}

export const RECENT_LINES = 200;

/** Counts the outcome and keeps the line among the latest. Mutates and returns `progress`. */
export function recordOutcome(progress: BackfillProgress, line: Omit<BackfillLine, 'seq'>): BackfillProgress {
  progress.processed += 1;
  progress.counts[line.outcome] += 1;
  const seq = (progress.recent[progress.recent.length - 1]?.seq ?? 0) + 1;
  progress.recent.push({ ...line, seq });
  if (progress.recent.length > RECENT_LINES) progress.recent.splice(0, progress.recent.length - RECENT_LINES);
  return progress;
}

const OUTCOME_TEXT: Record<BackfillOutcome, string> = {
  'already-linked': 'already linked',
  linked: 'linked',
  'would-link': 'would link',
  'held-by-other': 'NOT linked (1C counterparty carries another Bitrix24 id)',
  created: 'created',
  'would-create': 'would create',
};

export const describeLine = (line: BackfillLine): string =>
  `${line.client} «${line.name}»: ${OUTCOME_TEXT[line.outcome]}${line.detail ? ` — ${line.detail}` : ''}`;

/** Rows per second and the seconds left, from two observations of `processed`. */
export function rateAndEta(
  progress: Pick<BackfillProgress, 'processed' | 'total'>,
  since: { processed: number; atMs: number },
  nowMs: number,
): { rate: number; etaSeconds: number | null } {
  const elapsed = (nowMs - since.atMs) / 1000;
  const rate = elapsed > 0 ? (progress.processed - since.processed) / elapsed : 0;
  if (progress.total === null || rate <= 0) return { rate, etaSeconds: null };
  return { rate, etaSeconds: Math.max(0, progress.total - progress.processed) / rate };
}

/** `[██████░░░░] 600/1 000 60 % · 12.5/s · ETA 0:32` */
export function progressBar(
  progress: Pick<BackfillProgress, 'processed' | 'total'>,
  rate: number,
  etaSeconds: number | null,
  width = 30,
): string {
  const total = progress.total ?? 0;
  const share = total > 0 ? Math.min(1, progress.processed / total) : 0;
  const filled = Math.round(share * width);
  const eta =
    etaSeconds === null
      ? '—'
      : `${Math.floor(etaSeconds / 60)}:${String(Math.round(etaSeconds % 60)).padStart(2, '0')}`;
  return (
    `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${progress.processed}/${total || '?'} ` +
    `${Math.round(share * 100)} % · ${rate.toFixed(1)}/s · ETA ${eta}`
  );
}
