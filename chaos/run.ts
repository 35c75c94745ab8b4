/**
 * `npm run chaos` — bounded, repeatable failure scenarios against the real Temporal server, both sandboxes,
 * and the workers and receivers as separate processes. Prints one markdown table and one JSON line.
 *   --quick          smaller sizes and shorter outages
 *   --only <text>    only scenarios whose name contains the text (repeatable: any of them)
 *   --cluster        on the Temporal server on PostgreSQL, two workers, two receivers (chaos/cluster-stack.ts)
 * Exit code 1 when any row has a lost request, a duplicate, or a refused Bitrix24 call it did not provoke.
 */
import path from 'node:path';
import { startClusterStack } from './cluster-stack';
import { CLOUD_RATE_LIMIT } from '../sandbox/bitrix24/rate-limit';
import { measure, stillLost } from './measure';
import {
  chaosTable,
  moduleRefusals,
  parseChaosArgs,
  rateLimitFloorSeconds,
  type Row,
  rowFailed,
} from './report';
import { ANOTHER_APPLICATION_METHOD, scenarios } from './scenarios';
import { type ChaosStack, startSingleMachineStack } from './stack';

const { size, only, setup } = parseChaosArgs(process.argv.slice(2));
const selected = scenarios.filter(
  (s) =>
    (!s.setups || s.setups.includes(setup)) &&
    (!only || only.some((text) => s.name.toLowerCase().includes(text.toLowerCase()))),
);
if (selected.length === 0) {
  console.error(
    `no scenario matches "${only?.join('", "')}" (${setup}); scenarios:\n${scenarios.map((s) => `  ${s.name}`).join('\n')}`,
  );
  process.exit(2);
}

/** The reconciliation interval of the chaos stack: convergence is expected within one of it. */
const RECONCILE_INTERVAL = '30s';
const INTERVAL_MS = 30_000;
/** Per-scenario bound on waiting for convergence after the fault ended (200 requests take their time). */
const CONVERGE_TIMEOUT_MS = size === 'full' ? 15 * 60_000 : 4 * 60_000;
/** Bound on the fault phase itself. */
const SCENARIO_TIMEOUT_MS = size === 'full' ? 10 * 60_000 : 3 * 60_000;

const log = (line: string) => console.error(`[chaos] ${line}`);

function withTimeout<T>(what: string, ms: number, task: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} exceeded ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([task, timeout]).finally(() => clearTimeout(timer));
}

interface PortalStats {
  requests: number;
  methods: Record<string, number>;
  refusedMethods?: Record<string, number>;
}

async function portalStats(stack: ChaosStack): Promise<PortalStats> {
  return (await (await fetch(`${stack.sandboxes.bitrix24.httpUrl}/__sandbox/stats`)).json()) as PortalStats;
}

/** The module's refused Bitrix24 calls since the scenario began (the portal's own counters). */
async function refusedSince(stack: ChaosStack): Promise<number> {
  return moduleRefusals((await portalStats(stack)).refusedMethods ?? {}, [ANOTHER_APPLICATION_METHOD]);
}

/** The module's accepted Bitrix24 requests so far (those of the other application not counted). */
async function moduleCalls(stack: ChaosStack): Promise<number> {
  const stats = await portalStats(stack);
  return stats.requests - (stats.methods[ANOTHER_APPLICATION_METHOD] ?? 0);
}

async function runScenario(stack: ChaosStack, scenario: (typeof scenarios)[number]): Promise<Row> {
  log(`${scenario.name}: starting (${size}, ${setup})`);
  await fetch(`${stack.sandboxes.bitrix24.httpUrl}/__sandbox/stats`, { method: 'DELETE' });
  const run = await withTimeout(scenario.name, SCENARIO_TIMEOUT_MS, scenario.run(stack, size));
  log(`${scenario.name}: fault over, ${run.itemIds.length} requests; waiting for convergence`);
  const callsAtFaultEnd = await moduleCalls(stack);
  const deadline = run.faultEndedAt + CONVERGE_TIMEOUT_MS;
  let convergedAt: number | null = null;
  let callsAfterFault: number | undefined;
  while (Date.now() < deadline) {
    if ((await stillLost(stack.sandboxes, run.itemIds)) === 0) {
      convergedAt = Date.now();
      callsAfterFault = (await moduleCalls(stack)) - callsAtFaultEnd;
      break;
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  // Duplicates (and late ones) are counted once the workflows have settled after convergence.
  await new Promise((r) => setTimeout(r, 5_000));
  const outcome = await measure(stack.sandboxes, run.itemIds, run.companyIds);
  const refused = await refusedSince(stack);
  const convergedSeconds =
    convergedAt === null ? null : Math.round((convergedAt - run.faultEndedAt) / 100) / 10;
  // Every worker governs itself to the portal's limits (config bitrix24.limits), whether the sandbox
  // enforces them or not: the calls it made after the fault cannot take less than this.
  const floorSeconds =
    callsAfterFault === undefined
      ? undefined
      : rateLimitFloorSeconds(callsAfterFault, stack.config.bitrix24.limits);
  log(
    `${scenario.name}: ${JSON.stringify(outcome)} refused ${refused}, converged ${convergedSeconds ?? 'never'} s after the fault ended, ${callsAfterFault ?? '?'} Bitrix24 calls meanwhile (floor ${floorSeconds ?? '?'} s)`,
  );
  await scenario.restore?.(stack);
  if (convergedSeconds === null) log(stack.tails());
  return {
    scenario: scenario.name,
    ...outcome,
    refused,
    ...(scenario.refusalsExpected ? { refusalsExpected: true } : {}),
    convergedSeconds,
    ...(callsAfterFault === undefined ? {} : { callsAfterFault, floorSeconds }),
  };
}

const options = { reconcileInterval: RECONCILE_INTERVAL };
const stack =
  setup === 'cluster'
    ? await startClusterStack({ ...options, dataDir: path.resolve('.data', 'chaos-cluster') })
    : await startSingleMachineStack({ ...options, dataDir: path.resolve('.data', 'chaos') });
log(`stack: ${stack.description}`);
const rows: Row[] = [];
// Ctrl+C must not leave a worker, receiver, Temporal server or PostgreSQL behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void stack.close().finally(() => process.exit(130)));
try {
  for (const scenario of selected) {
    try {
      rows.push(await runScenario(stack, scenario));
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log(`${scenario.name}: ${error}`);
      rows.push({
        scenario: scenario.name,
        requests: 0,
        posted: 0,
        lost: 0,
        duplicateDocuments: 0,
        duplicateCounterparties: 0,
        duplicateComments: 0,
        refused: 0,
        convergedSeconds: null,
        error,
      });
      stack.sandboxes.bitrix24.faults.reset();
      stack.sandboxes.onec.faults.reset();
      stack.sandboxes.bitrix24.setRateLimit({ ...CLOUD_RATE_LIMIT, enabled: stack.rateLimited });
      await stack.restartAll();
    }
  }
} finally {
  await stack.close();
}
console.log(
  `${stack.description}. Reconciliation interval ${RECONCILE_INTERVAL} (${INTERVAL_MS / 1000} s); sizes: ${size}.\n`,
);
console.log(chaosTable(rows, setup));
console.log(JSON.stringify({ size, setup, reconcileInterval: RECONCILE_INTERVAL, rows }));
process.exit(rows.some(rowFailed) ? 1 : 0);
