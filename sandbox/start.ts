/**
 * Starts both local sandboxes (Bitrix24 REST and 1C OData) from environment variables — what `npm run sandbox`
 * (sandbox/main.ts) and the demo use. Unset variables take the defaults: Bitrix24 on http://127.0.0.1:8124 and
 * https://127.0.0.1:8443 (webhook `/rest/1/sandbox/`), 1C on http://127.0.0.1:8101/zayavki/odata/standard.odata/
 * (Basic odata/odata). Port 0 picks free ports; the returned URLs always carry the real ones.
 * `SANDBOX_STATE_DIR` keeps both stores in `bitrix24-sandbox.json` and `onec-sandbox.json` there across
 * restarts (sandbox/persistence.ts); unset, every start begins with the seed.
 */
import path from 'node:path';
import { bitrix24SandboxOptionsFromEnv } from './bitrix24/config';
import { type Bitrix24Sandbox, startBitrix24Sandbox } from './bitrix24/server';
import { oneCSandboxOptionsFromEnv } from './onec/config';
import { type OneCSandbox, startOneCSandbox } from './onec/server';
import { bitrix24StateSchema, onecStateSchema, persistStore, type PersistedStore } from './persistence';

export interface Sandboxes {
  bitrix24: Bitrix24Sandbox;
  onec: OneCSandbox;
  /** Where the 1C sandbox sends its status notifications (`ONEC_NOTIFY_URL`), if set. */
  notifyUrl?: string;
  /** Where the stores are kept (`SANDBOX_STATE_DIR`) and whether this start loaded them from there. */
  state?: { dir: string; resumed: boolean };
  close(): Promise<void>;
}

/** Registered event handlers are not kept: whoever listens registers again on start (the demo does). */
const TRANSIENT_BITRIX24_TABLES = ['eventBindings'];

export function sandboxStateFiles(dir: string): { bitrix24: string; onec: string } {
  return { bitrix24: path.join(dir, 'bitrix24-sandbox.json'), onec: path.join(dir, 'onec-sandbox.json') };
}

function persistBoth(dir: string, bitrix24: Bitrix24Sandbox, onec: OneCSandbox): PersistedStore[] {
  const files = sandboxStateFiles(dir);
  const b24 = persistStore(
    files.bitrix24,
    {
      snapshot: () => bitrix24.store.snapshot(TRANSIENT_BITRIX24_TABLES),
      restore: (tables) => bitrix24.store.restore(tables),
    },
    bitrix24StateSchema,
  );
  return [b24, persistStore(files.onec, onec.store, onecStateSchema)];
}

export async function startSandboxes(env: NodeJS.ProcessEnv = process.env): Promise<Sandboxes> {
  const b24Options = bitrix24SandboxOptionsFromEnv(env);
  const onecOptions = oneCSandboxOptionsFromEnv(env);
  const bitrix24 = await startBitrix24Sandbox(b24Options);
  let onec: OneCSandbox;
  try {
    onec = await startOneCSandbox(onecOptions);
  } catch (err) {
    await bitrix24.close();
    throw err;
  }
  const stateDir = env.SANDBOX_STATE_DIR?.trim();
  let persisted: PersistedStore[] = [];
  try {
    if (stateDir) persisted = persistBoth(stateDir, bitrix24, onec);
  } catch (err) {
    await Promise.all([bitrix24.close(), onec.close()]);
    throw err;
  }
  return {
    bitrix24,
    onec,
    notifyUrl: onecOptions.notifyUrl,
    ...(stateDir ? { state: { dir: stateDir, resumed: persisted.every((p) => p.loaded) } } : {}),
    close: async () => {
      for (const p of persisted) p.close();
      await Promise.all([bitrix24.close(), onec.close()]);
    },
  };
}

/** The start-up banner: every URL, credential and control endpoint a developer needs. */
export function describeSandboxes({ bitrix24, onec, notifyUrl, state }: Sandboxes): string {
  const certPath = bitrix24.certPath ? path.resolve(bitrix24.certPath) : undefined;
  const lines = [
    'Bitrix24 sandbox',
    `  webhook (HTTP):        ${bitrix24.webhookUrl}`,
    ...(bitrix24.httpsWebhookUrl ? [`  webhook (HTTPS):       ${bitrix24.httpsWebhookUrl}`] : []),
    ...(certPath
      ? [
          `  certificate:           ${certPath}`,
          `                         trust it in Node with NODE_EXTRA_CA_CERTS=${certPath}`,
        ]
      : []),
    `  application token:     ${bitrix24.events.applicationToken}`,
    `  outgoing webhooks:     POST ${bitrix24.httpUrl}/__sandbox/outgoing-webhooks {"handler": url, "events": [...]}`,
    `  local application:     client_id ${bitrix24.options.application.clientId}, client_secret ${bitrix24.options.application.clientSecret}`,
    `  OAuth:                 GET ${bitrix24.httpUrl}/oauth/authorize/?client_id=… → ${bitrix24.options.application.redirectUri}?code=…; ${bitrix24.httpUrl}/oauth/token/`,
    `  event.* over webhook:  ${bitrix24.options.eventsOverWebhook ? 'allowed (lenient mode)' : 'refused with 403 WRONG_AUTH_TYPE, as on a real portal'}`,
    `  faults:                GET/PUT/DELETE ${bitrix24.httpUrl}/__sandbox/faults`,
    `  inspection:            GET ${bitrix24.httpUrl}/__sandbox/events, GET ${bitrix24.httpUrl}/__sandbox/notifications`,
    '1C OData sandbox',
    `  OData:                 ${onec.odataUrl}`,
    `  credentials:           ${onec.user} / ${onec.password} (HTTP Basic)`,
    `  faults:                GET/PUT/DELETE ${onec.baseUrl}/__sandbox/faults (same Basic auth)`,
    `  notifications log:     GET ${onec.baseUrl}/__sandbox/notifications (same Basic auth)`,
    `  notification target:   ${notifyUrl ?? 'none (set ONEC_NOTIFY_URL and ONEC_NOTIFY_SECRET to receive status changes)'}`,
    ...(state
      ? [
          'State of both sandboxes',
          `  kept in:               ${path.resolve(state.dir)} (${state.resumed ? 'resumed from the last run' : 'new: seed data'})`,
        ]
      : []),
  ];
  return lines.join('\n');
}
