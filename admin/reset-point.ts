/**
 * Where a retry of a failed run restarts — what one would pick in the Temporal UI's "Reset": the workflow
 * task that scheduled the activity that failed, so that activity runs again with the code and the systems
 * as they are now; when no activity failed (the workflow code itself did), the first workflow task.
 * Also the innermost failure message, the one that names the cause.
 */
import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Failure = temporal.api.failure.v1.IFailure;

export function resetPoint(events: readonly HistoryEvent[]): number | undefined {
  const byId = new Map(events.map((e) => [Number(e.eventId), e]));
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const e = events[i];
    const scheduledId =
      e?.activityTaskFailedEventAttributes?.scheduledEventId ??
      e?.activityTaskTimedOutEventAttributes?.scheduledEventId;
    if (scheduledId === undefined || scheduledId === null) continue;
    const scheduled = byId.get(Number(scheduledId))?.activityTaskScheduledEventAttributes;
    const task = scheduled?.workflowTaskCompletedEventId;
    if (task !== undefined && task !== null) return Number(task);
  }
  const first = events.find((e) => e.workflowTaskCompletedEventAttributes);
  return first ? Number(first.eventId) : undefined;
}

/** The failure that ended the run, innermost cause first: "1C: …" rather than "Activity task failed". */
export function runFailure(events: readonly HistoryEvent[]): string | undefined {
  const failure = runFailureOf(events);
  return failure ? innermostMessage(failure) : undefined;
}

/** The raw failure that ended the run; with payload encryption its messages are sealed until decoded. */
export function runFailureOf(events: readonly HistoryEvent[]): Failure | undefined {
  const failed = [...events].reverse().find((e) => e.workflowExecutionFailedEventAttributes);
  return failed?.workflowExecutionFailedEventAttributes?.failure ?? undefined;
}

export function innermostMessage(failure: Failure): string {
  let current: Failure = failure;
  while (current.cause) current = current.cause;
  return current.message ?? '';
}
