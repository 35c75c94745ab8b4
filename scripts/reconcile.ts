/**
 * `npm run reconcile` — runs reconciliation now (triggers the schedule the worker maintains) and prints
 * what it checked and what it healed. A worker must be running to execute it.
 */
import { reconcileNow } from '../client/reconciliation-schedule';
import { connectTemporal } from '../client/temporal-client';
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';

const config = exitOnConfigError(() => loadConfig());
const client = await connectTemporal(config);
try {
  const { workflowId, report } = await reconcileNow(client, config);
  const since = new Date(report.sinceMs).toISOString();
  const until = new Date(report.watermarkMs).toISOString();
  console.log(`reconciliation ${workflowId}: Bitrix24 items changed ${since} … ${until}`);
  console.log(`  checked: ${report.itemsChecked} Bitrix24 items, ${report.documentsChecked} 1C documents`);
  console.log(`  fixed:   ${report.fixes.length}`);
  if (report.onecBornStarted) console.log(`  requests born in 1C handed over: ${report.onecBornStarted}`);
  for (const fix of report.fixes) console.log(`    item ${fix.itemId}: ${fix.reason}`);
  if (report.counterparties) {
    const { read, signalled, truncated } = report.counterparties;
    console.log(
      `  counterparties: ${read} linked read, ${signalled} handed to their client workflow${truncated ? ' (stopped at the limit: install the 1C extension)' : ''}`,
    );
  }
} finally {
  await client.connection.close();
}
