/**
 * `npm run bench [-- --cluster]` — starts everything it needs (bench/stack.ts: both sandboxes with the
 * Bitrix24 cloud rate limit ON, Temporal, receiver(s), worker process(es)), runs three scenarios, stops
 * everything, and prints a markdown table plus one JSON line. `--cluster` runs them on the Temporal server
 * on PostgreSQL with two workers and two receivers, every Bitrix24 event delivered to both.
 * Targets (README, "Performance"): single p50 ≤ 150 ms and p99 ≤ 500 ms; burst total ≤ 1.15 × the bound the
 * limit allows, with 0 refused calls; worker RSS ≤ 300 MB at 1 000 open request workflows.
 * Sizes: BENCH_SINGLE (30), BENCH_BURST (40), BENCH_OPEN (1000).
 */
import { markdownTable, parseBenchArgs } from './report';
import { exportBench } from './export/run';
import { burst } from './scenarios/burst';
import { openWorkflows } from './scenarios/open-workflows';
import { singleRequests } from './scenarios/single';
import { startBenchStack } from './stack';
import { round } from './stats';

const size = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

const TARGETS = { singleP50: 150, singleP99: 500, burstFactor: 1.15, rssMb: 300, exportFactor: 3 };
const MB = 1024 * 1024;

// `npm run bench -- export`: the export comparison alone (no Temporal needed), see bench/export/run.ts.
if (process.argv.slice(2).includes('export')) {
  let code = 0;
  try {
    const rows = await exportBench(size('BENCH_EXPORT_ROWS', 100_000), (line) =>
      console.error(`[bench] ${line}`),
    );
    const [ours, limited, lifted] = rows;
    console.log(
      '\n| reader | rows | time | rows/s (wall) | server time charged | rows/s if served | rows/s within the limit | refused calls | requests | |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows)
      console.log(
        `| ${r.reader} | ${r.rows} | ${r.seconds} s | ${r.rowsPerSecond} | ${r.serverSeconds} s | ${r.rowsPerServedSecond} | ${r.rowsPerSecondWithinLimit} | ${r.refused} | ${r.requests} | ${r.note ?? ''} |`,
      );
    console.log(
      '(rows/s if served = rows / (wall s + server s): a portal that spends the server time it charges, calls one after the other;\n' +
        ' rows/s within the limit = rows / (wall s + 600/480 × server s beyond 480): the best a client can keep under 480 s per method per 10 min)',
    );
    if (limited) {
      console.log(
        `fast_bitrix24 under the documented limit: ${limited.rows} rows, ${limited.serverSeconds} s charged, ${limited.refused} refused${limited.note ? ` (${limited.note})` : ''}`,
      );
    }
    // Judged against fast_bitrix24's run with the limit lifted (under the limit it has no rate), on the rate
    // within the documented limit: what each reader can keep on a real portal. The sandbox's wall clock alone
    // leaves out the server time a portal spends; the served rate is printed beside it.
    if (ours && lifted && lifted.rows > 0 && lifted.rowsPerSecondWithinLimit > 0) {
      const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(1) : '—');
      const factor = ours.rowsPerSecondWithinLimit / lifted.rowsPerSecondWithinLimit;
      const met = factor >= TARGETS.exportFactor && ours.refused === 0;
      console.log(
        `project / fast_bitrix24 (limit lifted): within the limit ${factor.toFixed(1)}×, if served ${ratio(ours.rowsPerServedSecond, lifted.rowsPerServedSecond)}×, ` +
          `wall clock ${ratio(ours.rowsPerSecond, lifted.rowsPerSecond)}× (target ≥ ${TARGETS.exportFactor}× within the limit, project never refused): ${met ? 'met' : '**missed**'}`,
      );
    } else if (ours) {
      const met = ours.refused === 0 && ours.rows > 0;
      console.log(
        `fast_bitrix24 did not finish even with the limit lifted (${lifted?.note ?? 'not run'}); project: ${ours.rows} rows, ` +
          `${ours.refused} refused (target ≥ ${TARGETS.exportFactor}× its rate, never refused): ${met ? 'met' : '**missed**'}`,
      );
    }
    console.log(JSON.stringify({ export: rows }));
  } catch (err) {
    console.error('benchmark failed:', err);
    code = 1;
  }
  process.exit(code);
}

const { setup } = parseBenchArgs(process.argv.slice(2));
const bench = await startBenchStack(setup);
let exitCode = 0;
try {
  // The burst goes first, on the portal's empty bucket; the paced single requests after it.
  const b = await burst(bench, size('BENCH_BURST', 40));
  const s = await singleRequests(bench, size('BENCH_SINGLE', 30));
  const o = await openWorkflows(bench, size('BENCH_OPEN', 1000));

  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  const burstLimit = b.boundMs * TARGETS.burstFactor;
  const rows: Array<[string, string, string, string]> = [
    [
      '(a) item added → posted 1C document, p50',
      `${round(s.toDocumentMs.p50)} ms`,
      `≤ ${TARGETS.singleP50} ms`,
      met(s.toDocumentMs.p50 <= TARGETS.singleP50),
    ],
    [
      '(a) item added → posted 1C document, p99',
      `${round(s.toDocumentMs.p99)} ms`,
      `≤ ${TARGETS.singleP99} ms`,
      met(s.toDocumentMs.p99 <= TARGETS.singleP99),
    ],
    [
      '(a) 1C status → Bitrix24 stage, p50',
      `${round(s.toStageMs.p50)} ms`,
      `≤ ${TARGETS.singleP50} ms`,
      met(s.toStageMs.p50 <= TARGETS.singleP50),
    ],
    [
      '(a) 1C status → Bitrix24 stage, p99',
      `${round(s.toStageMs.p99)} ms`,
      `≤ ${TARGETS.singleP99} ms`,
      met(s.toStageMs.p99 <= TARGETS.singleP99),
    ],
    [
      `(b) burst of ${b.requests}: total`,
      `${round(b.totalMs / 1000, 1)} s`,
      `≤ ${round(burstLimit / 1000, 1)} s (1.15 × bound ${round(b.boundMs / 1000, 1)} s)`,
      met(b.totalMs <= burstLimit),
    ],
    [
      '(b) burst: latency p50 / p90',
      `${round(b.p50Ms / 1000, 1)} s / ${round(b.p90Ms / 1000, 1)} s`,
      '—',
      '',
    ],
    [
      '(b) burst: Bitrix24 calls per request',
      `${round(b.callsPerRequest, 2)} (${b.calls} calls)`,
      '≤ 3',
      met(b.callsPerRequest <= 3),
    ],
    ['(b) burst: refused calls', String(b.refused), '0', met(b.refused === 0)],
    ['(b) burst: item-added events accepted per request', String(round(b.addEventsPerRequest, 2)), '—', ''],
    ['(b) burst: finished out of arrival order (pairs)', String(b.inversions), '—', ''],
    ['(b) burst: worker CPU per request', `${round(b.workerCpuMsPerRequest)} ms`, '—', ''],
    ...b.spread.map((w, i): [string, string, string, string] => [
      `(b) burst: Bitrix24 activities on worker ${i + 1}`,
      `${w.activities}; queued p50/max ${w.queuedP50Ms}/${w.queuedMaxMs} ms, run p50/max ${w.runP50Ms}/${w.runMaxMs} ms` +
        (w.retried ? `; ${w.retried} retried (${w.retryCauses.join('; ')})` : ''),
      '—',
      '',
    ]),
    [
      `(c) worker RSS, ${o.workflows} open workflows`,
      `${round(o.rssBytes / MB)} MB (idle ${round(o.idleRssBytes / MB)} MB)`,
      `≤ ${TARGETS.rssMb} MB`,
      met(o.rssBytes / MB <= TARGETS.rssMb),
    ],
  ];
  console.log(`\nSetup: ${bench.description}\n`);
  console.log(markdownTable(['measure', `value (${setup})`, 'target', ''], rows));
  console.log(
    JSON.stringify({
      setup,
      single: { requests: s.requests, toDocumentMs: s.toDocumentMs, toStageMs: s.toStageMs },
      burst: b,
      openWorkflows: o,
    }),
  );
} catch (err) {
  console.error('benchmark failed:', err);
  exitCode = 1;
} finally {
  await bench.close();
}
process.exit(exitCode);
