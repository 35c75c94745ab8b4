/**
 * `npm run backfill [-- --apply]` — links existing Bitrix24 companies and contacts to the 1C counterparties
 * they stand for (workflows/backfill-workflow.ts). Without `--apply` it is a dry run: it prints what it would
 * link and create and changes nothing. The work is a Temporal workflow run by the worker: this command only
 * starts it (or attaches to the one already running) and shows its progress. Ctrl+C leaves it running;
 * run the command again to follow it.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { startOrAttachBackfill, readBackfillProgress, backfillWorkflowId } from '../client/backfill';
import { connectTemporal } from '../client/temporal-client';
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';
import { describeLine, progressBar, rateAndEta, type BackfillProgress } from '../domain/backfill';

const apply = process.argv.includes('--apply');
const config = exitOnConfigError(() => loadConfig());
const client = await connectTemporal(config);
const handle = await startOrAttachBackfill(client, config, { apply });
const tty = process.stderr.isTTY;
console.log(
  `back-fill ${backfillWorkflowId(apply)} (${apply ? 'APPLY: links and creates' : 'dry run: changes nothing'}); ` +
    'Ctrl+C detaches, the back-fill goes on — run the command again to follow it',
);

process.once('SIGINT', () => {
  if (tty) process.stderr.write('\n');
  console.log(`detached; ${backfillWorkflowId(apply)} keeps running in Temporal`);
  process.exit(130);
});

let printed = 0;
let since: { processed: number; atMs: number } | undefined;
let lastBar = '';
function show(progress: BackfillProgress): void {
  const lines = progress.recent.filter((l) => l.seq > printed);
  if (lines.length > 0 && tty && lastBar) process.stderr.write('\r\x1b[K');
  for (const line of lines) console.log(`  ${describeLine(line)}`);
  printed = Math.max(printed, ...progress.recent.map((l) => l.seq));
  since ??= { processed: progress.processed, atMs: Date.now() };
  const { rate, etaSeconds } = rateAndEta(progress, since, Date.now());
  const bar = progressBar(progress, rate, etaSeconds);
  if (tty) process.stderr.write(`\r\x1b[K${bar}`);
  else if (bar !== lastBar && lines.length > 0) process.stderr.write(`${bar}\n`);
  lastBar = bar;
}

const result = handle.result();
let finished = false;
result.then(
  () => (finished = true),
  () => (finished = true),
);
while (!finished) {
  const progress = await readBackfillProgress(handle);
  if (progress) show(progress);
  await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, 500))]);
}
try {
  const { progress } = await result;
  show(progress);
  if (tty) process.stderr.write('\n');
  const c = progress.counts;
  console.log(`done: ${progress.processed} Bitrix24 clients`);
  console.log(
    apply
      ? `  linked ${c.linked}, created ${c.created}, already linked ${c['already-linked']}, ` +
          `left alone (1C counterparty carries another Bitrix24 id) ${c['held-by-other']}`
      : `  would link ${c['would-link']}, would create ${c['would-create']}, already linked ` +
          `${c['already-linked']}, left alone ${c['held-by-other']} — run with --apply to do it`,
  );
} catch (err) {
  console.error(
    `back-fill failed: ${err instanceof WorkflowFailedError ? (err.cause?.message ?? err.message) : String(err)}`,
  );
  process.exitCode = 1;
} finally {
  await client.connection.close();
}
