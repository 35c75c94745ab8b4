/**
 * `npm run demo` — the whole module on this machine in a minute: the Temporal dev server with its Web UI,
 * both sandboxes, the worker and the receiver, Bitrix24's outgoing webhook and the 1C extension pointed at
 * the receiver. Prints what to click and what to curl (README, "Demo").
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { describeReconciliation } from '../client/reconciliation-schedule';
import { startLogging } from '../observability/process-logging';
import { describeSandboxes, sandboxStateFiles } from '../sandbox/start';
import { startDemoCodecServer } from './lib/demo-codec';
import { devServerArgs, devServerSettingsFromEnv } from './lib/dev-server';
import { startLocalStack } from './lib/local-stack';
import { ensureTemporalCli } from './lib/temporal-cli';

const cli = ensureTemporalCli();
if (!cli) {
  console.error('No Temporal CLI available (see README, "Temporal runtime").');
  process.exit(1);
}
// One readable line per event (LOG_FORMAT=json / LOG_LEVEL override); Temporal's own logs go through it too.
// The SDK's own signal handlers are off: it would start draining the worker on Ctrl+C behind our back, and
// our shutdown (below) stops the parts in order instead.
const logging = startLogging(undefined, process.env, { format: 'pretty' }, { shutdownSignals: [] });

// Temporal's state and the sandboxes' stores live side by side and are kept (or reset) together: a workflow
// must never outlive the Bitrix24 item and 1C document it is about.
const dataDir = process.env.DEMO_DATA_DIR?.trim() || '.data';
const sandboxStateDir = path.join(dataDir, 'demo-sandboxes');
const settings = {
  ...devServerSettingsFromEnv({
    ...process.env,
    TEMPORAL_DB_FILE: process.env.TEMPORAL_DB_FILE?.trim() || path.join(dataDir, 'demo-temporal.sqlite'),
  }),
  // Its warnings are about its own internals (e.g. its system workers losing their poll while it stops).
  logLevel: 'error' as const,
};
if (process.argv.includes('--fresh')) {
  for (const file of [settings.dbFile, `${settings.dbFile}-wal`, `${settings.dbFile}-shm`])
    rmSync(file, { force: true });
  for (const file of Object.values(sandboxStateFiles(sandboxStateDir))) rmSync(file, { force: true });
}
mkdirSync(path.dirname(settings.dbFile), { recursive: true });
// Payloads are encrypted (config/demo.json "codec"); the UI decodes them through this codec server.
const codecServer = await startDemoCodecServer(
  `http://${settings.ip}:${settings.uiPort}`,
  Number(process.env.CODEC_SERVER_PORT ?? 8234),
);
settings.codecEndpoint = codecServer.url;
// Its own process group: Ctrl+C reaches only us, and we stop the server last, after the worker is done with it.
const server = spawn(cli, devServerArgs(settings), {
  stdio: ['ignore', 'ignore', 'inherit'],
  detached: true,
});
const serverExited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
process.once('exit', () => server.kill('SIGTERM'));
const address = `${settings.ip}:${settings.port}`;

async function connectWhenUp(): Promise<Connection> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await Connection.connect({ address, connectTimeout: 1_000 });
    } catch (err) {
      if (attempt > 60 || server.exitCode !== null) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

const connection = await connectWhenUp();
const client = new Client({ connection, namespace: settings.namespace });
const nativeConnection = await NativeConnection.connect({ address });
const stack = await startLocalStack({
  client,
  nativeConnection,
  sandboxEnv: { ...process.env, SANDBOX_STATE_DIR: sandboxStateDir },
  receiverPort: Number(process.env.RECEIVER_PORT ?? 3000),
  logging,
});

const b24 = stack.sandboxes.bitrix24.webhookUrl;
const odata = stack.sandboxes.onec.odataUrl;
console.log(`
${describeSandboxes(stack.sandboxes)}
Module
  Temporal Web UI:       http://${settings.ip}:${settings.uiPort}   (state in ${settings.dbFile})
  receiver:              ${stack.receiver.url}/webhooks/bitrix24, ${stack.receiver.url}/webhooks/onec
  worker:                task queue ${stack.config.temporal.taskQueue}
  codec server:          ${codecServer.url}   (payloads are encrypted; to read them in the UI sign in at
                         ${codecServer.url}/login with the token in config/demo.json, then in the UI's
                         codec settings use the browser setting, this endpoint, "Include cross-origin
                         credentials" — README, "Demo")
  ${describeReconciliation(stack.config)}
  admin page / report:   ${stack.receiver.url}/admin   (token ${stack.config.admin.token ?? '(none)'}; npm run report)

Try it (README, "Demo"):
  1. A manager registers a request for ООО "Ромашка" (company 1):
     curl -s ${b24}crm.item.add.json -H 'Content-Type: application/json' \\
       -d '{"entityTypeId":1038,"fields":{"title":"Не работает касса","companyId":1,"assignedById":2,"ufCrm5Description":"Не включается кассовый аппарат","ufCrm5RequestType":103}}'
  2. Watch workflow request-b24-1038-<id> in the Temporal UI; the 1C document appears:
     curl -s -u odata:odata '${odata}Document_Заявка?$format=json'
  3. 1C takes it into work (status «В работе»):
     curl -s -u odata:odata -X PATCH -H 'Content-Type: application/json' \\
       '${odata}Document_Заявка(guid'"'"'<Ref_Key>'"'"')?$format=json' -d '{"Статус_Key":"a3c1e002-d1a0-11ef-8a3b-0050569f2e01"}'
  4. The Bitrix24 stage follows (DT1038_10:PREPARATION), with a timeline comment:
     curl -s '${b24}crm.item.get.json?entityTypeId=1038&id=<id>'
Ctrl+C stops everything; the next \`npm run demo\` resumes where this one stopped (--fresh starts over).`);

/**
 * One Ctrl+C, one clean exit: the receiver stops taking events, the worker finishes its tasks (shut down
 * once, awaited), then the connections close, the sandboxes write their stores, and the Temporal server
 * stops last because everything before needs it.
 */
let stopping = false;
async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${reason}: stopping…`);
  await stack.stopProcessing();
  await nativeConnection.close();
  await connection.close();
  await stack.sandboxes.close();
  await codecServer.close();
  server.kill('SIGTERM');
  await serverExited;
  console.log('Demo stopped.');
}
function stopAndExit(reason: string, code: number): void {
  stop(reason).then(
    () => process.exit(code),
    (err: unknown) => {
      console.error(`Demo did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAndExit(signal, 0));
server.once('exit', (code) => {
  if (!stopping) stopAndExit(`Temporal server exited (${code ?? 'signal'})`, 1);
});
