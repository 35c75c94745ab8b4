/**
 * Bitrix24 activities may wait minutes for the portal's limit (governor.ts). While they run they heartbeat,
 * so the activities' heartbeat timeout tells a call that is merely waiting its turn from one whose worker
 * is gone or whose task never reached it (a crashed process, a task lost on an overloaded machine): those
 * are retried within the heartbeat timeout instead of at the end of the long start-to-close timeout.
 */
import { Context } from '@temporalio/activity';

/** Well inside the heartbeat timeout of Bitrix24 activities (1 minute, workflows/activities.ts), even on a busy machine. */
export const HEARTBEAT_EVERY_MS = 5_000;

function inActivity(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // Called directly (tests), not as an activity.
  }
}

/** Runs every function of an activity object with a heartbeat every `everyMs` until it settles. */
export function withHeartbeat<T extends object>(activities: T, everyMs = HEARTBEAT_EVERY_MS): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] =
      typeof fn === 'function'
        ? async (...args: unknown[]) => {
            const context = inActivity();
            const timer = context ? setInterval(() => context.heartbeat(), everyMs) : undefined;
            try {
              return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
            } finally {
              clearInterval(timer);
            }
          }
        : fn;
  }
  return wrapped as T;
}
