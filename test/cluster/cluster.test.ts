/**
 * The scaled-out deployment, small: the real Temporal server on PostgreSQL (scripts/lib/cluster), two worker
 * processes and two receiver processes, every Bitrix24 event delivered to both receivers. One worker is
 * SIGKILLed mid-way and the Temporal server restarted; every request still gets exactly one posted 1C
 * document, one counterparty per client and one timeline comment, and the two workers' Bitrix24 calls went
 * through the portal's shared budget workflow. The long version is `npm run chaos --
 * --cluster` / `npm run bench -- --cluster`.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Cluster, startCluster } from '../../scripts/lib/cluster';
import { type ClusterApp, startClusterApp } from '../../scripts/lib/cluster-app';
import { ensurePostgresBinaries } from '../../scripts/lib/postgres';
import { ensureTemporalServer } from '../../scripts/lib/temporal-server';
import { portalBudgetTaskQueue } from '../../activities/contract';
import { connectTemporal } from '../../client/temporal-client';
import { portalBudgetWorkflowId } from '../../workers/portal-budget';
import { budgetStateQuery } from '../../workflows/portal-budget-workflow';
import { waitFor } from '../support/wait-for';
import { b24, createCompany, createRequestItem, documentsOf, odata } from '../integration/systems';

// npm test provisions both before any test runs (scripts/run-tests.ts); here it is only looked up.
const missing = [
  ...(ensureTemporalServer() ? [] : ['a Temporal server (needs Go to build it)']),
  ...(ensurePostgresBinaries(console.error) ? [] : ['PostgreSQL (needs apt-get as root)']),
];
const skip = missing.length > 0 ? `cluster test skipped: no ${missing.join(' and no ')}` : false;

let dir: string;
let cluster: Cluster | undefined;
let app: ClusterApp | undefined;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(path.join(os.tmpdir(), 'b24-cluster-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as its own user when the tests run as root
  cluster = await startCluster({ dataDir: dir, ports: 'free', postgresPort: 0, log: () => {} });
  app = await startClusterApp({
    address: cluster.address,
    namespace: cluster.namespace,
    workers: 2,
    receivers: 2,
    dataDir: path.join(dir, 'app'),
    sandboxEnv: {
      B24_SANDBOX_PORT: '0',
      B24_SANDBOX_HTTPS_PORT: 'off',
      B24_SANDBOX_RATE_LIMIT: 'off',
      ONEC_SANDBOX_PORT: '0',
    },
    tweak: (config) => {
      if (config.onec) config.onec.polling = { enabled: false, intervalSeconds: 60 };
      config.temporal = { ...config.temporal, taskQueue: 'cluster-test' };
      // Both workers lease their Bitrix24 calls from the portal's one budget workflow.
      config.bitrix24.limits = { ...config.bitrix24.limits, workers: 2 };
    },
  });
});

after(async () => {
  await app?.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(
  'cluster: Temporal server on PostgreSQL, two workers, two receivers',
  { skip, timeout: 600_000 },
  () => {
    test('a killed worker and a restarted server lose and duplicate nothing, with every event twice', async () => {
      const systems = app!;
      const sharedInn = '7709123453';
      const shared = await createCompany(systems, {
        title: 'ООО "Общий клиент"',
        phone: '+7 903 000-00-01',
        inn: sharedInn,
      });
      const newItem = async (i: number) =>
        createRequestItem(systems, {
          title: `кластер ${i}`,
          companyId:
            i % 2 === 0
              ? shared
              : await createCompany(systems, {
                  title: `Клиент кластера ${i}`,
                  phone: `+7 904 000-00-${10 + i}`,
                }),
          description: 'Проверка кластера',
        });
      const counterpartiesBefore = (await odata(systems, 'Catalog_Контрагенты')).length;
      const items: number[] = [];
      for (let i = 0; i < 4; i++) items.push(await newItem(i));

      // A crash, not a shutdown: whatever worker-1 was running is only noticed by its timeouts.
      await systems.workers[0]!.kill('SIGKILL');
      for (let i = 4; i < 7; i++) items.push(await newItem(i));

      await cluster!.server.restart();
      for (let i = 7; i < 10; i++) items.push(await newItem(i));
      await systems.workers[0]!.start();

      // Done means: posted in 1C, and the comment naming the 1C number is on the Bitrix24 item.
      const linkedComments = async (itemId: number) => {
        const [doc] = await documentsOf(systems, itemId);
        if (!doc?.Posted) return [];
        const comments = await b24<Array<{ COMMENT: string }>>(systems, 'crm.timeline.comment.list', {
          filter: { ENTITY_ID: itemId, ENTITY_TYPE: 'dynamic_1038' },
        });
        return comments.filter((c) => c.COMMENT.includes(doc.Number));
      };
      await waitFor(
        'ten requests done',
        async () => (await Promise.all(items.map(linkedComments))).every((c) => c.length > 0),
        { timeoutMs: 240_000, intervalMs: 1_000 },
      );
      // Late duplicates would show up now, not before.
      await new Promise((r) => setTimeout(r, 3_000));

      // Every item event was sent to both receivers, and each accepted it.
      const adds = systems.sandboxes.bitrix24.events.deliveries.filter(
        (d) => d.event === 'ONCRMDYNAMICITEMADD',
      );
      for (const receiver of systems.receivers) {
        const toIt = adds.filter((d) => d.handler.startsWith(receiver.url));
        const refused = toIt.filter((d) => d.status !== 'delivered');
        assert.equal(toIt.length, items.length, receiver.name);
        assert.deepEqual(refused, [], `${receiver.name} refused events`);
      }

      for (const itemId of items) {
        assert.equal((await documentsOf(systems, itemId)).length, 1, `item ${itemId}: one document`);
        assert.equal((await linkedComments(itemId)).length, 1, `item ${itemId}: one comment`);
      }
      const counterparties = await odata(systems, `Catalog_Контрагенты?$filter=ИНН eq '${sharedInn}'`);
      assert.equal(counterparties.length, 1, 'one counterparty for the client of five requests');
      // Five one-request clients and the shared one: six new counterparties, none twice.
      assert.equal((await odata(systems, 'Catalog_Контрагенты')).length - counterpartiesBefore, 6);

      // The workers' Bitrix24 calls had their slots from the one budget of the portal (two per request at least),
      // answered on its own task queue.
      const client = await connectTemporal(systems.config);
      try {
        const handle = client.workflow.getHandle(portalBudgetWorkflowId(systems.config.bitrix24.webhookUrl));
        const budget = await handle.query(budgetStateQuery);
        assert.ok(budget.granted >= 2 * items.length, `granted ${budget.granted}`);
        const { taskQueue } = await handle.describe();
        assert.equal(taskQueue, portalBudgetTaskQueue(systems.config.temporal.taskQueue));
      } finally {
        await client.connection.close();
      }
    });
  },
);
