/** `npm run worker` — runs request workflows against the systems in the configuration. */
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';
import { describeReconciliation } from '../client/reconciliation-schedule';
import { createRequestWorker } from './request-worker';

const config = exitOnConfigError(() => loadConfig());
const { worker, connection, client } = await createRequestWorker(config);
console.log(
  `worker: task queue ${config.temporal.taskQueue} on ${config.temporal.address}/${config.temporal.namespace}`,
);
console.log(describeReconciliation(config));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
await worker.run();
await connection.close();
await client.connection.close();
