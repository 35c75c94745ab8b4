/**
 * The worker as its own process (forked by bench/stack.ts), so its memory and CPU can be measured alone.
 * Run compiled (bench/stack.ts builds it as `npm run build` builds the worker, workflow bundle beside it).
 * Reads the configuration from BENCH_CONFIG (JSON); answers `usage` with its RSS (after a garbage collection) and CPU time; `stop` shuts it down.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { configFromObject } from '../config/load';
import type { IntegrationConfigInput } from '../config/schema';
import { createRequestWorker } from '../workers/request-worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
const config = configFromObject(JSON.parse(process.env.BENCH_CONFIG ?? '{}') as IntegrationConfigInput);
const { worker, connection, client } = await createRequestWorker(config);
process.on('message', (message) => {
  if (message === 'usage') {
    global.gc?.();
    const cpu = process.cpuUsage();
    process.send?.({ rss: process.memoryUsage().rss, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  if (message === 'stop') worker.shutdown();
});
process.send?.('ready');
await worker.run();
await connection.close();
await client.connection.close();
process.disconnect?.();
