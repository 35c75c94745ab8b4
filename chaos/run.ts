/**
 * `npm run chaos` — bounded, repeatable failure scenarios against the real Temporal dev server, both
 * sandboxes, and the worker and receiver as separate processes. Prints one markdown table and one JSON line.
 *   --quick          smaller sizes and shorter outages
 *   --only <text>    only scenarios whose name contains the text
 * Exit code 1 when any row has a lost request or a duplicate.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measure, type Outcome } from './measure';
import { scenarios } from './scenarios';
import { startChaosStack, type ChaosStack } from './stack';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const size = values.quick ? 'quick' : 'full';
const selected = scenarios.filter(
  (s) => !values.only || s.name.toLowerCase().includes(values.only.toLowerCase()),
);
if (selected.length === 0) {
  console.error(
    `no scenario matches "${values.only}"; scenarios:\n${scenarios.map((s) => `  ${s.name}`).join('\n')}`,
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

interface Row extends Outcome {
  scenario: string;
  convergedSeconds: number | null;
  error?: string;
}

const log = (line: string) => console.error(`[chaos] ${line}`);

function withTimeout<T>(what: string, ms: number, task: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} exceeded ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([task, timeout]).finally(() => clearTimeout(timer));
}

async function ensureUp(stack: ChaosStack): Promise<void> {
  for (const p of [stack.temporal, stack.worker, stack.receiver]) {
    try {
      await p.kill('SIGTERM');
    } catch {
      // already gone
    }
  }
  await stack.temporal.start();
  await stack.worker.start();
  await stack.receiver.start();
}

async function runScenario(stack: ChaosStack, scenario: (typeof scenarios)[number]): Promise<Row> {
  log(`${scenario.name}: starting (${size})`);
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
  const convergedSeconds =
    convergedAt === null ? null : Math.round((convergedAt - run.faultEndedAt) / 100) / 10;
  log(`${scenario.name}: ${JSON.stringify(outcome)} converged ${convergedSeconds ?? 'never'} s`);
  await scenario.restore?.(stack);
  if (convergedSeconds === null) {
    log(`worker output (tail):\n${stack.worker.lastOutput().slice(-3000)}`);
    log(`receiver output (tail):\n${stack.receiver.lastOutput().slice(-1500)}`);
  }
  return { scenario: scenario.name, ...outcome, convergedSeconds };
}

function table(rows: Row[]): string {
  const head =
    '| scenario | requests | posted | lost | duplicate documents | duplicate counterparties | duplicate comments | time to converge |';
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map((r) =>
    [
      r.scenario + (r.error ? ` (error: ${r.error})` : ''),
      r.requests,
      r.posted,
      r.lost,
      r.duplicateDocuments,
      r.duplicateCounterparties,
      r.duplicateComments,
      r.convergedSeconds === null ? 'not converged' : `${r.convergedSeconds} s`,
    ].join(' | '),
  );
  return [head, rule, ...lines.map((l) => `| ${l} |`)].join('\n');
}

const stack = await startChaosStack({
  reconcileInterval: RECONCILE_INTERVAL,
  dataDir: path.resolve('.data', 'chaos'),
});
const rows: Row[] = [];
// Ctrl+C must not leave a worker, receiver or dev server behind.
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
        convergedSeconds: null,
        error,
      });
      stack.sandboxes.bitrix24.faults.reset();
      stack.sandboxes.onec.faults.reset();
      await ensureUp(stack);
    }
  }
} finally {
  await stack.close();
}
console.log(`Reconciliation interval ${RECONCILE_INTERVAL} (${INTERVAL_MS / 1000} s); sizes: ${size}.\n`);
console.log(table(rows));
console.log(JSON.stringify({ size, reconcileInterval: RECONCILE_INTERVAL, rows }));
const bad = rows.some(
  (r) => r.error || r.lost || r.duplicateDocuments || r.duplicateCounterparties || r.duplicateComments,
);
process.exit(bad ? 1 : 0);
