/**
 * Bitrix24 writes that are not idempotent by nature (a timeline comment, a notification) are made so by a
 * deterministic marker: the same step of the same workflow run always yields the same marker, so after a
 * lost answer the retry can see that its first attempt already landed and skip the second write.
 * Comments carry the marker as their last line; notifications carry it as their documented `TAG` (a newer
 * notification with the same tag replaces the older one).
 */
import { fnv1a32 } from './fnv1a';

/** Prefix every marker starts with; distinctive enough not to appear in a manager's own text. */
const MARKER_PREFIX = 'b24onec:';

/**
 * `b24onec:<16 hex>` from the identity of one step: workflow id, run id, the activity's id within the run
 * and which write of the activity this is (`comment`, `notify`). Retries of an activity keep all four;
 * another run or another step never shares them.
 */
export function sideEffectMarker(parts: {
  workflowId: string;
  runId: string;
  activityId: string;
  write: string;
}): string {
  const key = [parts.workflowId, parts.runId, parts.activityId, parts.write].join('|');
  return `${MARKER_PREFIX}${fnv1a32(key)}${fnv1a32(`${key}|salt`)}`;
}

/** The comment text with its marker line, as it is written to Bitrix24. */
export function markedComment(text: string, marker: string): string {
  return `${text}\n[${marker}]`;
}

/** Whether a comment already written to Bitrix24 carries this marker. */
export function hasMarker(comment: string, marker: string): boolean {
  return comment.includes(`[${marker}]`);
}
