/**
 * Bitrix24 activities may wait minutes for the portal's rate limit, so their start-to-close timeout is long
 * (10 minutes); 1C and reconciliation activities wait for 1C's sessions and the same limit. A task lost on its
 * way to a worker — the worker SIGKILLed while holding it, or the answer to its poll lost while the Temporal
 * server was slow — would sit out its whole start-to-close timeout before its retry. Each activity
 * heartbeats while it waits and runs; with a short heartbeat timeout on the workflow's side, the server
 * notices a task nobody works on within that timeout instead.
 */
import { Context } from '@temporalio/activity';

/**
 * Far below the heartbeat timeout (HEARTBEAT_TIMEOUT, workflows/activity-options.ts), so a busy event loop
 * does not make it lapse.
 */
export const HEARTBEAT_EVERY_MS = 5_000;

/** The activity's context, or undefined when the function is called outside an activity (unit tests). */
function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** Wraps every function of an activity object so it heartbeats at once and then every `everyMs` until done. */
export function withHeartbeats<T extends object>(activities: T, everyMs = HEARTBEAT_EVERY_MS): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] =
      typeof fn === 'function'
        ? async (...args: unknown[]) => {
            const context = currentContext();
            // A local activity has no heartbeat: it lives and dies with its workflow task.
            if (!context || context.info.isLocal) return fn(...args);
            context.heartbeat();
            const timer = setInterval(() => context.heartbeat(), everyMs);
            try {
              return await fn(...args);
            } finally {
              clearInterval(timer);
            }
          }
        : fn;
  }
  return wrapped as T;
}
