/**
 * Temporal's SDK and Core log through the Runtime logger; this adapter sends them to ours with their levels,
 * and reshapes the two events that made the worker's console unreadable:
 *  - "Activity failed" (every attempt, with a stack): an expected, retried failure — a limit, 1C down, a
 *    timeout, anything our clients classify as transient — becomes one WARN line with the activity, the
 *    attempt and the cause; a failure that is not retried is one ERROR line; only an unexpected exception
 *    (a bug) keeps its stack;
 *  - webpack's statistics of the workflow bundle (dozens of lines at INFO) go to DEBUG;
 *  - "No workflows/activities registered, not polling" (WARN) goes to DEBUG: a worker process runs one
 *    worker for activities alone (the Bitrix24 queue) and one for a workflow alone (the portal budget), by
 *    design, so at every start these two lines warned of nothing.
 */
import { ApplicationFailure } from '@temporalio/common';
import { Runtime, type LogLevel, type LogMetadata, type Logger as TemporalLogger } from '@temporalio/worker';
import type { Logger } from './logger';

type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<LogLevel, PinoLevel> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Metadata that only adds noise to a line (the task token is a long opaque base64 string). */
const NOISE = new Set(['taskToken', 'sdkComponent', 'isLocal', 'namespace']);

export interface ShapedEvent {
  level: PinoLevel;
  message: string;
  fields: Record<string, unknown>;
}

function errorSummary(error: unknown, withStack: boolean): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  return {
    ...(error instanceof ApplicationFailure && error.type ? { type: error.type } : { name: error.name }),
    message: error.message,
    ...(withStack && error.stack ? { stack: error.stack } : {}),
  };
}

function activityFailed(meta: LogMetadata): ShapedEvent {
  const { error, activityType, attempt, workflowId, durationMs } = meta as Record<string, unknown>;
  const fields: Record<string, unknown> = { activityType, attempt, workflowId, durationMs };
  const cause = error instanceof Error ? error.message : String(error);
  if (error instanceof ApplicationFailure) {
    fields.errorType = error.type;
    if (!error.nonRetryable) {
      return {
        level: 'warn',
        message: `${activityType} attempt ${attempt} failed, retrying: ${cause}`,
        fields,
      };
    }
    return { level: 'error', message: `${activityType} failed, not retried: ${cause}`, fields };
  }
  // Not classified by our clients: a bug or an unexpected library error — the stack is what helps here.
  return {
    level: 'error',
    message: `${activityType} attempt ${attempt} failed unexpectedly: ${cause}`,
    fields: { ...fields, error: errorSummary(error, true) },
  };
}

const WEBPACK_STATS = /\bwebpack \d[\d.]* compiled\b/;
const NOT_POLLING = /^No (workflows|activities) registered, not polling\b/;

/** The SDK's informational chatter this project's layout makes expected. */
const quieted = (level: LogLevel, message: string): boolean =>
  (level === 'INFO' && WEBPACK_STATS.test(message)) || (level === 'WARN' && NOT_POLLING.test(message));

/** Decides level, message and fields of one SDK/Core log call. */
export function shapeTemporalEvent(level: LogLevel, message: string, meta: LogMetadata = {}): ShapedEvent {
  const component = typeof meta.sdkComponent === 'string' ? meta.sdkComponent : 'temporal';
  const shaped =
    message === 'Activity failed' && 'error' in meta
      ? activityFailed(meta)
      : {
          level: quieted(level, message) ? 'debug' : LEVELS[level],
          message,
          fields: Object.fromEntries(
            Object.entries(meta)
              .filter(([key]) => !NOISE.has(key))
              .map(([key, value]) => [
                key,
                value instanceof Error ? errorSummary(value, level === 'ERROR') : value,
              ]),
          ),
        };
  return { ...shaped, fields: { component, ...shaped.fields } };
}

export class TemporalLogAdapter implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const event = shapeTemporalEvent(level, message, meta);
    this.logger[event.level](event.fields, event.message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/** Runtime settings a process may choose; `shutdownSignals: []` leaves Ctrl+C to the process's own shutdown. */
export interface TemporalRuntimeOptions {
  shutdownSignals?: NodeJS.Signals[];
}

/**
 * Routes the SDK's and Core's logs (Core: WARN and above) to `logger`. Must run before the process creates
 * any Temporal connection or worker — Temporal's runtime is installed once per process.
 */
export function installTemporalLogging(logger: Logger, runtime: TemporalRuntimeOptions = {}): void {
  Runtime.install({
    ...runtime,
    logger: new TemporalLogAdapter(logger),
    telemetryOptions: { logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } },
  });
}
