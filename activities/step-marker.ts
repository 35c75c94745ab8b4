/**
 * The marker of one write of the running activity: workflow id, run id and activity id identify the step,
 * and Temporal keeps all three across retries of the activity — exactly the repeats that must not write twice.
 */
import { Context } from '@temporalio/activity';
import { sideEffectMarker } from '../domain/side-effect-marker';

export function stepMarker(write: string): string {
  const { info } = Context.current();
  // Standalone activities have no workflow; their activity id alone names the step.
  return sideEffectMarker({
    workflowId: info.workflowExecution?.workflowId ?? '',
    runId: info.workflowExecution?.runId ?? '',
    activityId: info.activityId,
    write,
  });
}

/** True on the first attempt of the running activity: no earlier attempt can have written anything. */
export function firstAttempt(): boolean {
  return Context.current().info.attempt <= 1;
}
