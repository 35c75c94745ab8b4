/** Sandbox options from environment variables (`ONEC_SANDBOX_*`, `ONEC_NOTIFY_*`, compat switches). */
import { z } from 'zod';
import type { OneCSandboxOptions } from './server';

const flag = z
  .string()
  .optional()
  .transform((v) => (v === undefined ? undefined : v === '1' || v.toLowerCase() === 'true'));

const envSchema = z.object({
  ONEC_SANDBOX_HOST: z.string().min(1).optional(),
  ONEC_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  ONEC_SANDBOX_PUBLICATION: z.string().min(1).optional(),
  ONEC_SANDBOX_USER: z.string().min(1).optional(),
  ONEC_SANDBOX_PASSWORD: z.string().optional(),
  ONEC_SANDBOX_TIMEZONE: z.string().min(1).optional(),
  ONEC_NOTIFY_URL: z.string().url().optional(),
  ONEC_NOTIFY_SECRET: z.string().optional(),
  ONEC_IGNORE_IF_MATCH: flag,
  ONEC_INLINECOUNT_HONORS_TOP: flag,
  /** Comma-separated waits in ms between notification attempts, e.g. `500,2000,5000`. */
  ONEC_NOTIFY_RETRY_DELAYS_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'a comma-separated list of milliseconds, e.g. 500,2000,5000')
    .transform((v) => v.split(',').map(Number))
    .optional(),
});

export function oneCSandboxOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OneCSandboxOptions {
  const e = envSchema.parse(
    Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('ONEC_') && v !== '')),
  );
  const opts: OneCSandboxOptions = {};
  if (e.ONEC_SANDBOX_HOST) opts.host = e.ONEC_SANDBOX_HOST;
  if (e.ONEC_SANDBOX_PORT !== undefined) opts.port = e.ONEC_SANDBOX_PORT;
  if (e.ONEC_SANDBOX_PUBLICATION) opts.publication = e.ONEC_SANDBOX_PUBLICATION;
  if (e.ONEC_SANDBOX_USER) opts.user = e.ONEC_SANDBOX_USER;
  if (e.ONEC_SANDBOX_PASSWORD !== undefined) opts.password = e.ONEC_SANDBOX_PASSWORD;
  if (e.ONEC_SANDBOX_TIMEZONE) opts.timezone = e.ONEC_SANDBOX_TIMEZONE;
  if (e.ONEC_NOTIFY_URL) opts.notifyUrl = e.ONEC_NOTIFY_URL;
  if (e.ONEC_NOTIFY_SECRET !== undefined) opts.notifySecret = e.ONEC_NOTIFY_SECRET;
  if (e.ONEC_IGNORE_IF_MATCH !== undefined) opts.ignoreIfMatch = e.ONEC_IGNORE_IF_MATCH;
  if (e.ONEC_INLINECOUNT_HONORS_TOP !== undefined) opts.inlinecountHonorsTop = e.ONEC_INLINECOUNT_HONORS_TOP;
  if (e.ONEC_NOTIFY_RETRY_DELAYS_MS) opts.notifyRetryDelaysMs = e.ONEC_NOTIFY_RETRY_DELAYS_MS;
  return opts;
}
