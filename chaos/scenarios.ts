/**
 * The chaos scenarios. Each creates its requests, injects one fault, ends it, and hands back the ids to
 * count and the moment the fault ended (convergence is timed from there). Sizes: `full` as the issue
 * states them, `quick` for a short run.
 */
import { bindingsTable } from '../sandbox/bitrix24/events/bindings';
import { CLOUD_RATE_LIMIT } from '../sandbox/bitrix24/rate-limit';
import { reconcileScheduleId } from '../client/reconciliation-schedule';
import type { ChaosSetup, ChaosStack } from './stack';
import { b24, createCompany, createItem, mapLimited } from './systems';

export interface ScenarioRun {
  itemIds: number[];
  companyIds: number[];
  faultEndedAt: number;
}

export interface Scenario {
  name: string;
  /** Where it applies; all setups when absent. */
  setups?: ChaosSetup[];
  /** Another application exhausts the portal's budget: the module's calls may be refused (and waited out). */
  refusalsExpected?: boolean;
  run(stack: ChaosStack, size: 'full' | 'quick'): Promise<ScenarioRun>;
  /** Puts the stack back after convergence was measured (a fault that lasts through convergence). */
  restore?(stack: ChaosStack): Promise<void>;
}

/** Reconciliation would heal what the offline queue misses: it is paused while the queue is on trial. */
async function reconciliationSchedule(stack: ChaosStack) {
  if (!stack.client) throw new Error(`no Temporal client on the ${stack.setup} stack`);
  return (await stack.client()).schedule.getHandle(reconcileScheduleId(stack.config.bitrix24.entityTypeId));
}

/** What the other application of the bucket scenario calls; its refusals are not the module's. */
export const ANOTHER_APPLICATION_METHOD = 'user.current';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `count` requests, each of its own new company (so counterparties are created too). */
async function newRequests(stack: ChaosStack, label: string, count: number, parallel = 10) {
  const companyIds = await mapLimited(
    Array.from({ length: count }, (_, i) => i),
    parallel,
    (i) => createCompany(stack.sandboxes, `ООО "${label} ${i}"`),
  );
  const itemIds = await mapLimited(companyIds, parallel, (companyId) =>
    createItem(stack.sandboxes, { title: `${label}`, companyId }),
  );
  return { itemIds, companyIds };
}

export const scenarios: Scenario[] = [
  {
    // In the cluster the other worker goes on meanwhile.
    name: 'worker SIGKILL with requests in flight',
    async run(stack, size) {
      const count = size === 'full' ? 200 : 20;
      const [victim] = stack.workers;
      if (!victim) throw new Error('no worker');
      const creating = newRequests(stack, 'sigkill', count);
      await sleep(size === 'full' ? 8_000 : 2_000);
      await victim.kill('SIGKILL');
      const created = await creating;
      await sleep(2_000);
      await victim.start();
      return { ...created, faultEndedAt: Date.now() };
    },
  },
  {
    // Every receiver: the events are lost for good, only reconciliation finds the requests.
    name: 'receiver down while requests are created',
    async run(stack, size) {
      for (const receiver of stack.receivers) await receiver.kill('SIGKILL');
      const created = await newRequests(stack, 'receiver-down', size === 'full' ? 20 : 5);
      await stack.sandboxes.bitrix24.events.idle();
      for (const receiver of stack.receivers) await receiver.start();
      return { ...created, faultEndedAt: Date.now() };
    },
  },
  {
    name: '1C down for 60 s',
    async run(stack, size) {
      stack.sandboxes.onec.faults.set({ down: true });
      const created = await newRequests(stack, '1c-down', size === 'full' ? 20 : 5);
      await sleep(size === 'full' ? 60_000 : 15_000);
      stack.sandboxes.onec.faults.reset();
      return { ...created, faultEndedAt: Date.now() };
    },
  },
  {
    name: 'another application drains the Bitrix24 bucket',
    refusalsExpected: true,
    async run(stack, size) {
      stack.sandboxes.bitrix24.setRateLimit({ ...CLOUD_RATE_LIMIT });
      let draining = true;
      // Another integration on the same portal, calling as fast as the portal lets it.
      const other = (async () => {
        while (draining) {
          await fetch(`${stack.sandboxes.bitrix24.webhookUrl}${ANOTHER_APPLICATION_METHOD}.json`).catch(
            () => undefined,
          );
          await sleep(100);
        }
      })();
      const created = await newRequests(stack, 'bucket', size === 'full' ? 20 : 5, 2);
      await sleep(size === 'full' ? 60_000 : 15_000);
      draining = false;
      await other;
      // The fault ends when the other application stops; the portal's limit stays, as it does on a real
      // portal: what the module still has to do goes through the bucket the other application filled.
      return { ...created, faultEndedAt: Date.now() };
    },
    async restore(stack) {
      stack.sandboxes.bitrix24.setRateLimit({ ...CLOUD_RATE_LIMIT, enabled: stack.rateLimited });
    },
  },
  {
    name: 'every event 3 times, reordered, 20 % dropped',
    async run(stack, size) {
      await stack.registerHandlers(3);
      stack.sandboxes.bitrix24.faults.set({ seed: 7, events: { drop: 0.2, reorder: 3 } });
      const created = await newRequests(stack, 'events', size === 'full' ? 20 : 5);
      // A stage change per request too, so updates are duplicated, reordered and dropped as well.
      await mapLimited(created.itemIds, 5, (id) =>
        b24(stack.sandboxes, 'crm.item.update', {
          entityTypeId: 1038,
          id,
          fields: { title: 'events (изменена)' },
        }),
      );
      await stack.sandboxes.bitrix24.events.idle();
      stack.sandboxes.bitrix24.faults.reset();
      const table = bindingsTable(stack.sandboxes.bitrix24.store);
      for (const b of table.all()) if (String(b.EVENT_HANDLER).includes('?copy=')) table.delete(b.ID);
      return { ...created, faultEndedAt: Date.now() };
    },
  },
  {
    // The dev server keeps its SQLite file; the cluster's server its PostgreSQL databases.
    name: 'Temporal server killed and restarted (state kept)',
    async run(stack, size) {
      const creating = newRequests(stack, 'temporal-restart', size === 'full' ? 20 : 5, 2);
      await sleep(1_500);
      await stack.temporal.kill('SIGKILL');
      const created = await creating;
      await sleep(2_000);
      await stack.temporal.start();
      return { ...created, faultEndedAt: Date.now() };
    },
  },
  {
    // A fast shutdown as `pg_ctl stop` makes it, an outage, then a start: the Temporal server loses its
    // database connections under load and must carry on once they are back.
    name: 'PostgreSQL stopped and restarted',
    setups: ['cluster'],
    async run(stack, size) {
      const { postgres } = stack;
      if (!postgres) throw new Error('no PostgreSQL of its own in this setup');
      const creating = newRequests(stack, 'postgres-restart', size === 'full' ? 20 : 5, 2);
      await sleep(1_500);
      await postgres.kill();
      await sleep(size === 'full' ? 30_000 : 10_000);
      await postgres.start();
      const created = await creating;
      return { ...created, faultEndedAt: Date.now() };
    },
  },
  {
    name: '10 concurrent requests of one new client',
    async run(stack) {
      const companyId = await createCompany(stack.sandboxes, 'ООО "Десять сразу"', '7725000000');
      const itemIds = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          createItem(stack.sandboxes, { title: `десять ${i}`, companyId }),
        ),
      );
      return { itemIds, companyIds: [companyId], faultEndedAt: Date.now() };
    },
  },
  {
    name: 'lost answer on every write method',
    async run(stack, size) {
      const count = size === 'full' ? 10 : 4;
      // 1C: creating the counterparty and the document, Post(), PATCH, history rows; Bitrix24: the item
      // update, the timeline comment, the notification. Each loses its first answers.
      stack.sandboxes.onec.faults.set({ loseResponse: true, times: count * 3, methods: ['POST', 'PATCH'] });
      stack.sandboxes.bitrix24.faults.set({
        loseResponse: true,
        times: count * 2,
        methods: ['crm.item.update', 'crm.timeline.comment.add', 'im.notify.system.add'],
      });
      const companyIds = await mapLimited(
        Array.from({ length: count }, (_, i) => i),
        5,
        (i) => createCompany(stack.sandboxes, `ООО "Потери ${i}"`),
      );
      // Half start invalid (no description): the manager is notified, then fixes them.
      const itemIds = await mapLimited(companyIds, 5, (companyId) =>
        createItem(stack.sandboxes, {
          title: 'потери',
          companyId,
          description: companyId % 2 ? '' : 'Описание',
        }),
      );
      await sleep(5_000);
      await mapLimited(itemIds, 5, (id) =>
        b24(stack.sandboxes, 'crm.item.update', {
          entityTypeId: 1038,
          id,
          fields: { ufCrm5Description: 'Исправлено' },
        }),
      );
      await sleep(5_000);
      stack.sandboxes.onec.faults.reset();
      stack.sandboxes.bitrix24.faults.reset();
      return { itemIds, companyIds, faultEndedAt: Date.now() };
    },
  },
  {
    name: 'receiver down, inbound offline: the offline queue alone',
    // Switching the channel restarts the one worker with a rewritten config: single machine only.
    setups: ['single machine'],
    async run(stack, size) {
      // A portal behind NAT: no receiver it can reach, no reconciliation to fall back on — only the queue.
      await (await reconciliationSchedule(stack)).pause('chaos: offline queue alone');
      if (!stack.setInbound) throw new Error(`inbound cannot be switched on the ${stack.setup} stack`);
      for (const receiver of stack.receivers) await receiver.kill('SIGKILL');
      await stack.setInbound('offline');
      // The portal queues events only once the reader's offline bindings exist (kept by a real portal).
      const table = bindingsTable(stack.sandboxes.bitrix24.store);
      for (let i = 0; i < 600 && table.all().filter((b) => b.OFFLINE).length < 3; i++) await sleep(100);
      const created = await newRequests(stack, 'offline-queue', size === 'full' ? 20 : 5);
      await stack.sandboxes.bitrix24.events.idle();
      // The receiver stays down and reconciliation paused until convergence has been measured.
      return { ...created, faultEndedAt: Date.now() };
    },
    async restore(stack) {
      await stack.setInbound?.('webhook');
      for (const receiver of stack.receivers) await receiver.start();
      await (await reconciliationSchedule(stack)).unpause('chaos: offline scenario over');
    },
  },
];
