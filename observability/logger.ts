/**
 * The project's logger (pino): one JSON object per line in production, one readable line per event in the
 * demo (`LOG_FORMAT=pretty`). Every line passes through the Redactor before it is written, so secrets never
 * reach the console or a log collector, whichever code produced the line.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { MASK, Redactor } from '../domain/redaction';
import { prettyLine } from './pretty';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LogSettings {
  level: LogLevelName;
  format: LogFormat;
}

/** `LOG_LEVEL` (default info) and `LOG_FORMAT` (default json); a typo is an error, not silence. */
export function logSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  defaults: Partial<LogSettings> = {},
): LogSettings {
  const level = env.LOG_LEVEL?.trim().toLowerCase() || defaults.level || 'info';
  const format = env.LOG_FORMAT?.trim().toLowerCase() || defaults.format || 'json';
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${level}")`);
  if (!(LOG_FORMATS as readonly string[]).includes(format))
    throw new Error(`LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')} (got "${format}")`);
  return { level: level as LogLevelName, format: format as LogFormat };
}

export interface LoggerOptions extends LogSettings {
  /** Masks secret values and shapes in every line; without one only the shapes are masked. */
  redactor?: Redactor;
  /** Where lines go; stdout by default. */
  destination?: { write(line: string): unknown };
}

/** Keys whose values are secret whatever they hold (objects a library hands to a log call). */
const SECRET_KEYS = ['authorization', 'password', 'apiKey', 'secret', 'token'];
const SECRET_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.headers.${key}`, `headers.${key}`]);

export function createLogger(options: LoggerOptions): Logger {
  const redactor = options.redactor ?? new Redactor();
  const out = options.destination ?? process.stdout;
  const destination: DestinationStream =
    options.format === 'pretty'
      ? { write: (line) => void out.write(prettyLine(line)) }
      : { write: (line) => void out.write(line) };
  return pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: SECRET_PATHS, censor: MASK },
      hooks: { streamWrite: (line) => redactor.redact(line) },
    },
    destination,
  );
}
