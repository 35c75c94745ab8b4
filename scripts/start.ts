/**
 * `npm start` — worker and receiver in one process, against the systems in config/integration.json
 * (or $B24ONEC_CONFIG). Refuses to start, listing every missing or invalid setting, when the configuration
 * is incomplete. Scale out later by running `npm run worker` / `npm run receiver` separately.
 */
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';
import { describeEndpoints, startConfiguredReceiver } from '../client/start-receiver';
import { connectTemporal } from '../client/temporal-client';
import { describeReconciliation } from '../client/reconciliation-schedule';
import { createRequestWorker } from '../workers/request-worker';

const config = exitOnConfigError(() => loadConfig());
const client = await connectTemporal(config);
const { worker, connection } = await createRequestWorker(config, undefined, client);
const receiver = await startConfiguredReceiver(config, client);
console.log(`Temporal:  ${config.temporal.address} (namespace ${config.temporal.namespace})`);
console.log(`worker:    task queue ${config.temporal.taskQueue}`);
console.log(describeReconciliation(config));
console.log(describeEndpoints(config, receiver));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void receiver.close();
    worker.shutdown();
  });
}
await worker.run();
await connection.close();
await client.connection.close();
