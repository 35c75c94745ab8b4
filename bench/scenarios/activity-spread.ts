/**
 * Where the Bitrix24 activities of a burst ran, read back from the workflows' histories: per worker, how
 * many started there and how long they waited in the task queue (scheduled → started) and in the worker
 * (started → completed, mostly the governor's queue). With several workers, this shows whether the work —
 * and so each worker's share of the portal's budget — was spread evenly.
 */
import type { Client } from '@temporalio/client';
import proto, { type temporal } from '@temporalio/proto';
import { percentile } from '../stats';

export interface WorkerSpread {
  identity: string;
  activities: number;
  /** Scheduled → started, ms (p50 / max): waiting in the Temporal task queue. */
  queuedP50Ms: number;
  queuedMaxMs: number;
  /** Started → completed, ms (p50 / max): waiting for the governor, then the call itself. */
  runP50Ms: number;
  runMaxMs: number;
  /** Activities that needed more than one attempt, with why the earlier attempt ended. */
  retried: number;
  retryCauses: string[];
}

const EventType = proto.temporal.api.enums.v1.EventType;

function ms(time: temporal.api.history.v1.IHistoryEvent['eventTime']): number {
  return Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
}

export async function activitySpread(
  client: Client,
  workflowIds: string[],
  taskQueue: string,
): Promise<WorkerSpread[]> {
  const byWorker = new Map<string, { queued: number[]; run: number[]; causes: string[] }>();
  for (const id of workflowIds) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    const scheduled = new Map<number, number>();
    const started = new Map<number, { at: number; identity: string; scheduledAt: number; cause?: string }>();
    for (const event of history.events ?? []) {
      const eventId = Number(event.eventId);
      if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        if (event.activityTaskScheduledEventAttributes?.taskQueue?.name === taskQueue)
          scheduled.set(eventId, ms(event.eventTime));
      } else if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        const attrs = event.activityTaskStartedEventAttributes;
        const scheduledAt = scheduled.get(Number(attrs?.scheduledEventId));
        if (scheduledAt === undefined) continue;
        const retry = (attrs?.attempt ?? 1) > 1;
        const cause = retry ? (attrs?.lastFailure?.message ?? 'unknown').slice(0, 80) : undefined;
        started.set(eventId, {
          at: ms(event.eventTime),
          identity: attrs?.identity ?? '?',
          scheduledAt,
          ...(cause ? { cause } : {}),
        });
      } else if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        const begin = started.get(Number(event.activityTaskCompletedEventAttributes?.startedEventId));
        if (!begin) continue;
        const entry = byWorker.get(begin.identity) ?? { queued: [], run: [], causes: [] };
        if (begin.cause) entry.causes.push(begin.cause);
        entry.queued.push(begin.at - begin.scheduledAt);
        entry.run.push(ms(event.eventTime) - begin.at);
        byWorker.set(begin.identity, entry);
      }
    }
  }
  return [...byWorker].map(([identity, { queued, run, causes }]) => ({
    identity,
    activities: run.length,
    queuedP50Ms: percentile(queued, 50),
    queuedMaxMs: Math.max(...queued),
    runP50Ms: percentile(run, 50),
    runMaxMs: Math.max(...run),
    retried: causes.length,
    retryCauses: [...new Set(causes)],
  }));
}
