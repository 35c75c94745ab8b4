/**
 * The worker of request workflows, the counterparty locks and reconciliation: workflows and 1C activities
 * on the configured task queue, Bitrix24 activities on `<taskQueue>-bitrix24`, where they wait for the
 * portal's rate limit (one governor per process, shared by all of them — reconciliation's Bitrix24 reads
 * included) without taking slots from the 1C activities. Starting it also creates (or brings in line) the
 * reconciliation schedule.
 */
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, splitByTaskQueue } from '../activities';
import { createBackfillActivities } from '../activities/backfill';
import { bitrix24TaskQueue, portalBudgetTaskQueue } from '../activities/contract';
import type { SharedBudgetOptions } from '../activities/bitrix24/governor';
import { withFailureMapping } from '../activities/failures';
import { withHeartbeats } from '../activities/heartbeat';
import {
  COUNTERPARTY_SYNC_BITRIX24_ACTIVITIES,
  createCounterpartySyncActivities,
} from '../activities/counterparty-sync';
import { createCounterpartySweepActivities } from '../activities/counterparty-sweep';
import { createReconcileActivities } from '../activities/reconcile';
import { createOfflineEventActivities } from '../activities/offline-events';
import { applicationRestUrl, ensureOfflineReader } from '../client/offline-reader';
import { ensureReconciliationSchedule } from '../client/reconciliation-schedule';
import { CounterpartyDispatcher, clientSyncSettingsFromConfig } from '../client/counterparty-dispatcher';
import { RequestDispatcher } from '../client/request-dispatcher';
import { requestSettingsFromConfig } from '../client/request-settings';
import { connectTemporal } from '../client/temporal-client';
import { dataConverterFromConfig } from '../codec/data-converter';
import type { IntegrationConfig } from '../config/schema';
import { sharedBudgetLimits } from '../domain/portal-budget';
import { createStatusMap } from '../domain/status-map';
import { activityDepsFromConfig } from './activity-deps';
import { portalBudgetWorkflowId, TemporalPortalBudget } from './portal-budget';
import { temporalConnectionSettings } from './temporal-connection';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Where a worker takes its workflow code. Run from the build (`dist/`, scripts/lib/build.ts), this module is
 * bundled into the entry file and the workflow bundles built with it sit beside it: the worker runs no
 * webpack at start-up, which costs time and leaves memory behind (Temporal's advice for production).
 * Under tsx it bundles the sources.
 */
function workflowCode(
  source: string,
  built: string,
): Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'> {
  return import.meta.url.endsWith('.ts')
    ? { workflowsPath: fileURLToPath(new URL(source, import.meta.url)) }
    : { workflowBundle: { codePath: fileURLToPath(new URL(built, import.meta.url)) } };
}

/**
 * Bitrix24 activities mostly wait in the governor's queue (a pending promise each), so many may be in
 * flight; the governor decides what actually reaches the portal.
 */
const MAX_WAITING_BITRIX24_ACTIVITIES = 1000;

/** Both workers of one process, run and stopped together. */
export interface RequestWorker {
  run(): Promise<void>;
  shutdown(): void;
}

/** What a started worker reports: where it takes work from and which systems it talks to (secrets masked by the logger). */
export function describeWorker(config: IntegrationConfig): Record<string, string> {
  return {
    temporal: `${config.temporal.address}/${config.temporal.namespace}`,
    taskQueue: config.temporal.taskQueue,
    bitrix24TaskQueue: bitrix24TaskQueue(config.temporal.taskQueue),
    bitrix24: config.bitrix24.webhookUrl,
    onec: `${config.onec.odataUrl} (user ${config.onec.user})`,
  };
}

/** Several workers share one budget per portal (activities/bitrix24/governor.ts explains why); one keeps its own. */
function sharedBudget(config: IntegrationConfig, client: Client): SharedBudgetOptions | undefined {
  const limits = config.bitrix24.limits;
  if (limits.workers <= 1 || limits.budget !== 'shared') return undefined;
  const workflowId = portalBudgetWorkflowId(config.bitrix24.webhookUrl);
  return {
    budget: new TemporalPortalBudget(
      client,
      portalBudgetTaskQueue(config.temporal.taskQueue),
      workflowId,
      sharedBudgetLimits(limits.requestsPerSecond, limits.bucketSize),
    ),
    onFallback: (cause) =>
      Runtime.instance().logger.warn('portal budget unreachable; this worker uses its fixed share for 30 s', {
        workflowId,
        error: cause instanceof Error ? cause.message : String(cause),
      }),
  };
}

export async function createRequestWorker(
  config: IntegrationConfig,
  connection?: NativeConnection,
  temporalClient?: Client,
): Promise<{ worker: RequestWorker; connection: NativeConnection; client: Client }> {
  const conn = connection ?? (await NativeConnection.connect(temporalConnectionSettings(config.temporal)));
  const dataConverter = dataConverterFromConfig(config);
  const client = temporalClient ?? (await connectTemporal(config));
  const budget = sharedBudget(config, client);
  const deps = activityDepsFromConfig(config, budget);
  const split = splitByTaskQueue(createActivities(deps));
  // Heartbeats let the server retry a lost Bitrix24 task within its heartbeat timeout, not its 10 minutes.
  const activities = { ...split, bitrix24: withHeartbeats(split.bitrix24) };
  const counterpartySync = withFailureMapping(createCounterpartySyncActivities(deps));
  const counterpartySyncBitrix24 = Object.fromEntries(
    COUNTERPARTY_SYNC_BITRIX24_ACTIVITIES.map((name) => [name, counterpartySync[name]]),
  );
  // Same deps, hence the same governed Bitrix24 client: reconciliation's reads queue with the requests' calls.
  // Reconciliation and the offline-queue reader hand events on with the receiver's own signal-with-start.
  const signals = new RequestDispatcher(client, config.temporal.taskQueue, requestSettingsFromConfig(config));
  const reconcile = createReconcileActivities({
    ...deps,
    signals,
    statusMap: createStatusMap(config.mapping.stages, config.mapping.finalStatuses),
    categoryId: config.bitrix24.categoryId,
  });
  // The counterparty sweep wakes client workflows with the receiver's own signal-with-start.
  const counterpartySweep = createCounterpartySweepActivities({
    onec: deps.onec,
    counterparties: new CounterpartyDispatcher(
      client,
      config.temporal.taskQueue,
      clientSyncSettingsFromConfig(config),
    ),
    ownership: config.counterpartySync.ownership,
  });
  const oauth = config.bitrix24.oauth;
  const offline = oauth
    ? createOfflineEventActivities({
        bitrix: deps.bitrix,
        signals,
        entityTypeId: config.bitrix24.entityTypeId,
        application: oauth,
        restUrl: applicationRestUrl(config),
        batchSize: oauth.batchSize,
        timeoutMs: config.bitrix24.timeoutMs,
      })
    : {};
  const common = {
    connection: conn,
    namespace: config.temporal.namespace,
    ...(dataConverter ? { dataConverter } : {}),
  };
  const requests = await Worker.create({
    ...common,
    taskQueue: config.temporal.taskQueue,
    ...workflowCode('../workflows/index.ts', './workflows.js'),
    // All of them: runs started before the Bitrix24 queue existed schedule Bitrix24 activities here.
    // Every activity heartbeats (workflows/activity-options.ts): one lost with a killed worker is retried
    // within the heartbeat timeout, not its start-to-close timeout.
    activities: {
      ...withHeartbeats({
        ...activities.onec,
        ...withFailureMapping(reconcile),
        ...withFailureMapping(counterpartySweep),
        ...withFailureMapping(offline),
        // The back-fill's reads share the governed client (and its governor) with everything else.
        ...withFailureMapping(createBackfillActivities(deps)),
        ...counterpartySync,
      }),
      // Already heartbeating (above).
      ...activities.bitrix24,
    },
    // The SDK's default scales with the heap limit (thousands here); open requests wait days between events,
    // so a bounded cache keeps the worker's memory flat however many are open.
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
    // Heartbeats reach the server at least this often, well within the workflows' heartbeat timeout.
    maxHeartbeatThrottleInterval: '10 seconds',
  });
  const cap = config.bitrix24.limits.taskQueueActivitiesPerSecond;
  const bitrix24 = await Worker.create({
    ...common,
    taskQueue: bitrix24TaskQueue(config.temporal.taskQueue),
    activities: { ...activities.bitrix24, ...withHeartbeats(counterpartySyncBitrix24) },
    maxConcurrentActivityTaskExecutions: MAX_WAITING_BITRIX24_ACTIVITIES,
    // Heartbeats reach the server at least this often, well within the workflows' heartbeat timeout.
    maxHeartbeatThrottleInterval: '10 seconds',
    ...(cap ? { maxTaskQueueActivitiesPerSecond: cap } : {}),
  });
  // The budget's leases are Updates, answered in its workflow's tasks: on their own queue and worker they
  // wait for no request workflow's task (on a shared queue a lease once waited over 5 s behind 200 of them,
  // and the governor fell back to its fixed share). Only where the budget is shared.
  const budgetWorker = budget
    ? await Worker.create({
        ...common,
        taskQueue: portalBudgetTaskQueue(config.temporal.taskQueue),
        // Its one workflow, from a bundle of its own (small: no request code).
        ...workflowCode('../workflows/portal-budget-workflow.ts', './budget-workflows.js'),
        // One budget per portal.
        maxCachedWorkflows: 10,
      })
    : undefined;
  await ensureReconciliationSchedule(client, config);
  await ensureOfflineReader(client, config);
  const workers = [requests, bitrix24, ...(budgetWorker ? [budgetWorker] : [])];
  const worker: RequestWorker = {
    run: async () => {
      await Promise.all(workers.map((w) => w.run()));
    },
    shutdown: () => {
      for (const w of workers) w.shutdown();
    },
  };
  return { worker, connection: conn, client };
}
