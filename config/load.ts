/**
 * Loading the configuration: the JSON file, then secrets from the environment on top (env wins, so the
 * file can stay free of secrets and be committed). All problems are collected into one ConfigError,
 * each naming the dotted key and where to set it, so an administrator fixes everything in one pass.
 */
import { readFileSync } from 'node:fs';
import type { ZodIssue } from 'zod';
import { configSchema, type IntegrationConfig } from './schema';

export const DEFAULT_CONFIG_PATH = 'config/integration.json';

/** Environment variable → dotted key it sets. */
export const ENV_OVERRIDES: Readonly<Record<string, string>> = {
  B24_WEBHOOK_URL: 'bitrix24.webhookUrl',
  B24_APPLICATION_TOKEN: 'bitrix24.applicationToken',
  B24_INBOUND: 'bitrix24.inbound',
  B24_CLIENT_ID: 'bitrix24.oauth.clientId',
  B24_CLIENT_SECRET: 'bitrix24.oauth.clientSecret',
  B24_REFRESH_TOKEN: 'bitrix24.oauth.refreshToken',
  ONEC_ODATA_URL: 'onec.odataUrl',
  ONEC_USER: 'onec.user',
  ONEC_PASSWORD: 'onec.password',
  ONEC_NOTIFY_SECRET: 'onec.notifySecret',
  TEMPORAL_ADDRESS: 'temporal.address',
  TEMPORAL_NAMESPACE: 'temporal.namespace',
  TEMPORAL_API_KEY: 'temporal.apiKey',
  RECEIVER_PORT: 'receiver.port',
  TEMPORAL_CODEC_KEYS: 'codec.keys',
  TEMPORAL_CODEC_KEY_ID: 'codec.currentKeyId',
  CODEC_SERVER_TOKENS: 'codec.server.tokens',
  ADMIN_TOKEN: 'admin.token',
};
const REQUIRED_SECTIONS = ['bitrix24', 'onec', 'mapping'] as const;
const NUMERIC_KEYS = new Set(['receiver.port']);
/** Empty env values are ignored (compose files pass `${X:-}`), except where empty is a legal value. */
const EMPTY_ALLOWED = new Set(['onec.password']);

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** Config file; default env B24ONEC_CONFIG, then config/integration.json (relative to the working dir). */
  path?: string;
  env?: Env;
}

export function loadConfig(options: LoadOptions = {}): IntegrationConfig {
  const env = options.env ?? process.env;
  const path = options.path ?? env['B24ONEC_CONFIG'] ?? DEFAULT_CONFIG_PATH;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([
      `${path}: cannot read the configuration file (${code}); start from config/integration.example.json`,
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError([`${path}: not valid JSON (${(error as Error).message})`]);
  }
  return configFromObject(parsed, env, path);
}

/** Validates an already-parsed object (tests, demo); `env` overrides as in loadConfig. */
export function configFromObject(
  obj: unknown,
  env: Env = {},
  sourceName = DEFAULT_CONFIG_PATH,
): IntegrationConfig {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new ConfigError([`${sourceName}: the top level must be a JSON object`]);
  }
  const merged = withoutComments(obj) as Record<string, unknown>;
  const fromEnv = new Map<string, string>();
  for (const [variable, key] of Object.entries(ENV_OVERRIDES)) {
    const value = env[variable];
    if (value === undefined || (value === '' && !EMPTY_ALLOWED.has(key))) continue;
    setPath(merged, key, NUMERIC_KEYS.has(key) && /^\d+$/.test(value) ? Number(value) : value);
    fromEnv.set(key, variable);
  }
  // Absent sections are checked as empty ones, so the error names each missing key, not just "bitrix24".
  for (const section of REQUIRED_SECTIONS) merged[section] ??= {};
  const result = configSchema.safeParse(merged);
  if (result.success) return result.data;
  const envFor = new Map([...Object.entries(ENV_OVERRIDES)].map(([variable, key]) => [key, variable]));
  throw new ConfigError(
    result.error.issues.flatMap((issue) => describeIssue(issue, sourceName, envFor, fromEnv)),
  );
}

function describeIssue(
  issue: ZodIssue,
  file: string,
  envFor: Map<string, string>,
  fromEnv: Map<string, string>,
): string[] {
  const key = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${key === '' ? k : `${key}.${k}`}: unknown key (misspelt?)`);
  }
  const variable = envFor.get(key);
  if (issue.code === 'invalid_type' && issue.received === 'undefined') {
    const where = variable ? `${file} or ${variable}` : file;
    return [`${key}: required (set it in ${where})`];
  }
  const source = fromEnv.get(key);
  return [`${key || '(root)'}: ${issue.message}${source ? ` (value from ${source})` : ''}`];
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] ?? ''] = value;
}

/** Deep copy without `$comment…` / `//…` keys, so the example file can carry its own documentation. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$comment') || key.startsWith('//')) continue;
    out[key] = withoutComments(child);
  }
  return out;
}
