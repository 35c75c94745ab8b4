/**
 * `npm run demo` — the whole module on this machine in a minute: the Temporal dev server with its Web UI,
 * both sandboxes, the worker and the receiver, Bitrix24's outgoing webhook and the 1C extension pointed at
 * the receiver. Prints what to click and what to curl (README, "Demo").
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { describeSandboxes } from '../sandbox/start';
import { devServerArgs, devServerSettingsFromEnv } from './lib/dev-server';
import { startLocalStack } from './lib/local-stack';
import { ensureTemporalCli } from './lib/temporal-cli';

const cli = ensureTemporalCli();
if (!cli) {
  console.error('No Temporal CLI available (see README, "Temporal runtime").');
  process.exit(1);
}
// The demo's console is for the banner; workers only speak up about problems.
Runtime.install({ logger: new DefaultLogger('WARN') });
const settings = devServerSettingsFromEnv({ TEMPORAL_DB_FILE: '.data/demo-temporal.sqlite', ...process.env });
mkdirSync(path.dirname(settings.dbFile), { recursive: true });
const server = spawn(cli, devServerArgs(settings), { stdio: ['ignore', 'ignore', 'inherit'] });
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
  receiverPort: Number(process.env.RECEIVER_PORT ?? 3000),
});

const b24 = stack.sandboxes.bitrix24.webhookUrl;
const odata = stack.sandboxes.onec.odataUrl;
console.log(`
${describeSandboxes(stack.sandboxes)}
Module
  Temporal Web UI:       http://${settings.ip}:${settings.uiPort}   (state in ${settings.dbFile})
  receiver:              ${stack.receiver.url}/webhooks/bitrix24, ${stack.receiver.url}/webhooks/onec
  worker:                task queue ${stack.config.temporal.taskQueue}
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
Ctrl+C stops everything.`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stack.close();
  await nativeConnection.close();
  await connection.close();
  server.kill('SIGTERM');
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
server.on('exit', () => void stop().then(() => process.exit(0)));
