/**
 * `npm run chaos` — bounded, repeatable failure scenarios against the real Temporal server, both sandboxes,
 * and the workers and receivers as separate processes. Prints one markdown table and one JSON line.
 *   --quick          smaller sizes and shorter outages
 *   --only <text>    only scenarios whose name contains the text
 *   --cluster        on the Temporal server on PostgreSQL, two workers, two receivers (chaos/cluster-stack.ts)
 * Exit code 1 when any row has a lost request, a duplicate, or a refused Bitrix24 call it did not provoke.
 */
import path from 'node:path';
import { startClusterStack } from './cluster-stack';
import { measure } from './measure';
import { chaosTable, moduleRefusals, parseChaosArgs, type Row, rowFailed } from './report';
import { ANOTHER_APPLICATION_METHOD, scenarios } from './scenarios';
import { type ChaosStack, startSingleMachineStack } from './stack';

const { size, only, setup } = parseChaosArgs(process.argv.slice(2));
const selected = scenarios.filter(
  (s) =>
    (!s.setups || s.setups.includes(setup)) && (!only || s.name.toLowerCase().includes(only.toLowerCase())),
);
if (selected.length === 0) {
  console.error(
    `no scenario matches "${only}" (${setup}); scenarios:\n${scenarios.map((s) => `  ${s.name}`).join('\n')}`,
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

/** The module's refused Bitrix24 calls since the scenario began (the portal's own counters). */
async function refusedSince(stack: ChaosStack): Promise<number> {
  const response = await fetch(`${stack.sandboxes.bitrix24.httpUrl}/__sandbox/stats`);
  const stats = (await response.json()) as { refusedMethods?: Record<string, number> };
  return moduleRefusals(stats.refusedMethods ?? {}, [ANOTHER_APPLICATION_METHOD]);
}

async function runScenario(stack: ChaosStack, scenario: (typeof scenarios)[number]): Promise<Row> {
  log(`${scenario.name}: starting (${size}, ${setup})`);
  await fetch(`${stack.sandboxes.bitrix24.httpUrl}/__sandbox/stats`, { method: 'DELETE' });
  const run = await withTimeout(scenario.name, SCENARIO_TIMEOUT_MS, scenario.run(stack, size));
  log(`${scenario.name}: fault over, ${run.itemIds.length} requests; waiting for convergence`);
  const deadline = run.faultEndedAt + CONVERGE_TIMEOUT_MS;
  let outcome = await measure(stack.sandboxes, run.itemIds, run.companyIds);
  let convergedAt: number | null = null;
  while (Date.now() < deadline) {
    if (outcome.lost === 0) {
      convergedAt = Date.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 2_000));
    outcome = await measure(stack.sandboxes, run.itemIds, run.companyIds);
  }
  // Late duplicates would show up after convergence: look once more after the workflows have settled.
  await new Promise((r) => setTimeout(r, 5_000));
  outcome = await measure(stack.sandboxes, run.itemIds, run.companyIds);
  const refused = await refusedSince(stack);
  const convergedSeconds =
    convergedAt === null ? null : Math.round((convergedAt - run.faultEndedAt) / 100) / 10;
  log(
    `${scenario.name}: ${JSON.stringify(outcome)} refused ${refused}, converged ${convergedSeconds ?? 'never'} s`,
  );
  await scenario.restore?.(stack);
  if (convergedSeconds === null) log(stack.tails());
  return {
    scenario: scenario.name,
    ...outcome,
    refused,
    ...(scenario.refusalsExpected ? { refusalsExpected: true } : {}),
    convergedSeconds,
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
