/**
 * Logging of one process (`npm run worker`, `npm run receiver`, `npm start`, the demo): our logger with the
 * configured secrets masked, and Temporal's SDK and Core routed through it.
 */
import { secretValues } from '../config/secrets';
import type { IntegrationConfig } from '../config/schema';
import { Redactor } from '../domain/redaction';
import { createLogger, logSettingsFromEnv, type Logger, type LogSettings } from './logger';
import { installTemporalLogging, type TemporalRuntimeOptions } from './temporal-logger';

export interface ProcessLogging {
  logger: Logger;
  /** Shared with the logger: secrets added later (a configuration built at run time) are masked too. */
  redactor: Redactor;
}

export function startLogging(
  config: IntegrationConfig | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  defaults: Partial<LogSettings> = {},
  runtime: TemporalRuntimeOptions = {},
): ProcessLogging {
  const redactor = new Redactor(config ? secretValues(config) : []);
  const logger = createLogger({ ...logSettingsFromEnv(env, defaults), redactor });
  installTemporalLogging(logger, runtime);
  return { logger, redactor };
}
