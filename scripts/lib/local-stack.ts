/**
 * The whole module on one machine, wired the way a real installation is: both sandboxes, the receiver, the
 * worker, Bitrix24's outgoing webhook pointed at the receiver (what an admin sets up in the portal UI) and
 * the 1C extension's notification target. Used by `npm run demo` and the integration tests.
 */
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { configFromObject } from '../../config/load';
import { CLIENT_EVENT_NAMES } from '../../domain/bitrix-client-event';
import { ITEM_EVENTS } from '../../domain/bitrix-event';
import { ACTIVITY_EVENTS } from '../../domain/interaction';
import type { IntegrationConfig, IntegrationConfigInput } from '../../config/schema';
import { secretValues } from '../../config/secrets';
import { Redactor } from '../../domain/redaction';
import { createLogger, logSettingsFromEnv, type Logger } from '../../observability/logger';
import { startConfiguredReceiver } from '../../client/start-receiver';
import { temporalClient } from '../../client/temporal-client';
import type { Receiver } from '../../client/receiver';
import { startSandboxes, type Sandboxes } from '../../sandbox/start';
import { authorizeSandboxApplication } from './sandbox-oauth';
import { createRequestWorker, describeWorker, type RequestWorker } from '../../workers/request-worker';

export interface LocalStackOptions {
  /** Its connection is used; the stack makes its own client with the configured data converter. */
  client: Client;
  /** The worker's connection (none: it connects from the configuration). */
  nativeConnection?: NativeConnection;
  /** Sandbox environment (ports etc., see docs/sandboxes.md). */
  sandboxEnv?: NodeJS.ProcessEnv;
  receiverPort?: number;
  taskQueue?: string;
  /** Changes applied to config/demo.json after the URLs are filled in. */
  tweak?: (config: IntegrationConfigInput) => void;
  /** False: no worker in this process (the benchmark runs it as a child process to measure it). */
  worker?: boolean;
  /**
   * The process's logger and its redactor (observability/process-logging); the stack adds the secrets of the
   * configuration it builds. Default: a logger from LOG_LEVEL/LOG_FORMAT of its own.
   */
  logging?: { logger: Logger; redactor: Redactor };
}

export interface LocalStack {
  config: IntegrationConfig;
  /** The configuration as written, before defaults (what another process would load). */
  rawConfig: IntegrationConfigInput;
  sandboxes: Sandboxes;
  receiver: Receiver;
  worker: RequestWorker | undefined;
  /** Encodes and decodes like the worker (encrypted payloads when the config has codec keys). */
  client: Client;
  /** Stops taking work: the receiver first (no new starts), then the worker, awaited once. Idempotent. */
  stopProcessing(): Promise<void>;
  /** `stopProcessing`, then the sandboxes. */
  close(): Promise<void>;
}

/** config/demo.json: the configuration matching the sandboxes' seed. */
const demoDefaults = JSON.parse(
  readFileSync(new URL('../../config/demo.json', import.meta.url), 'utf8'),
) as IntegrationConfigInput;

/** What an admin sets up in the portal UI; several handlers for the same events each get every event. */
export async function registerOutgoingWebhook(sandboxes: Sandboxes, handler: string): Promise<void> {
  const response = await fetch(`${sandboxes.bitrix24.httpUrl}/__sandbox/outgoing-webhooks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ handler, events: [...ITEM_EVENTS, ...ACTIVITY_EVENTS, ...CLIENT_EVENT_NAMES] }),
  });
  if (!response.ok) throw new Error(`registering the outgoing webhook failed: ${await response.text()}`);
}

/** config/demo.json pointed at running sandboxes (before validation, so callers can adjust it). */
export function sandboxConfigInput(sandboxes: Sandboxes): IntegrationConfigInput {
  const raw = structuredClone(demoDefaults);
  raw.bitrix24.webhookUrl = sandboxes.bitrix24.webhookUrl;
  raw.bitrix24.applicationToken = sandboxes.bitrix24.events.applicationToken;
  raw.onec.odataUrl = sandboxes.onec.odataUrl;
  raw.onec.user = sandboxes.onec.user;
  raw.onec.password = sandboxes.onec.password;
  return raw;
}

/**
 * The local application's part of the configuration for a running sandbox: the sandbox's token server and
 * REST address, and a refresh token obtained the documented way (authorisation code) at this start.
 */
export async function sandboxApplicationConfig(
  sandboxes: Sandboxes,
  current: Partial<NonNullable<IntegrationConfigInput['bitrix24']['oauth']>> = {},
): Promise<NonNullable<IntegrationConfigInput['bitrix24']['oauth']>> {
  const app = await authorizeSandboxApplication(sandboxes.bitrix24);
  return {
    ...current,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    refreshToken: app.tokens.refresh_token,
    tokenUrl: app.tokenUrl,
    restUrl: app.restUrl,
  };
}

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const sandboxes = await startSandboxes(opts.sandboxEnv ?? process.env);
  const raw = sandboxConfigInput(sandboxes);
  raw.receiver = { ...raw.receiver, port: opts.receiverPort ?? 0 };
  if (opts.taskQueue) raw.temporal = { ...raw.temporal, taskQueue: opts.taskQueue };
  opts.tweak?.(raw);
  if (raw.bitrix24.oauth) raw.bitrix24.oauth = await sandboxApplicationConfig(sandboxes, raw.bitrix24.oauth);
  const config = configFromObject(raw);
  const redactor = opts.logging?.redactor ?? new Redactor();
  redactor.add(secretValues(config));
  const logger = opts.logging?.logger ?? createLogger({ ...logSettingsFromEnv(), redactor });

  const client = temporalClient(opts.client.connection, config);
  const receiver = await startConfiguredReceiver(config, client, logger);
  // A portal that cannot reach us has no outgoing webhook: its events wait in the offline queue.
  if (config.bitrix24.inbound !== 'offline')
    await registerOutgoingWebhook(sandboxes, `${receiver.url}/webhooks/bitrix24`);
  sandboxes.notifyUrl = `${receiver.url}/webhooks/onec`;
  sandboxes.onec.setNotifyTarget(sandboxes.notifyUrl, config.onec.notifySecret);
  const worker =
    opts.worker === false
      ? undefined
      : (await createRequestWorker(config, opts.nativeConnection, client)).worker;
  const running = worker?.run();
  if (worker) {
    // The worker runs on the caller's connection, not on config.temporal's address.
    const { temporal: _address, ...systems } = describeWorker(config);
    logger.child({ component: 'worker' }).info(systems, 'worker started');
  }
  let stopped: Promise<void> | undefined;
  const stopProcessing = (): Promise<void> =>
    (stopped ??= (async () => {
      await receiver.close();
      worker?.shutdown();
      await running;
    })());

  return {
    config,
    rawConfig: raw,
    client,
    sandboxes,
    receiver,
    worker,
    stopProcessing,
    close: async () => {
      await stopProcessing();
      await sandboxes.close();
    },
  };
}
