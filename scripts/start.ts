/**
 * `npm start` — worker and receiver in one process, against the systems in config/integration.json
 * (or $B24ONEC_CONFIG). Refuses to start, listing every missing or invalid setting, when the configuration
 * is incomplete. Scale out later by running `npm run worker` / `npm run receiver` separately.
 */
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';
import { receiverEndpoints, startConfiguredReceiver } from '../client/start-receiver';
import { connectTemporal } from '../client/temporal-client';
import { describeReconciliation } from '../client/reconciliation-schedule';
import { startLogging } from '../observability/process-logging';
import { createRequestWorker, describeWorker } from '../workers/request-worker';

const config = exitOnConfigError(() => loadConfig());
const { logger } = startLogging(config);
const client = await connectTemporal(config);
const { worker, connection } = await createRequestWorker(config, undefined, client);
const receiver = await startConfiguredReceiver(config, client, logger);
logger.child({ component: 'worker' }).info(describeWorker(config), 'worker started');
logger.child({ component: 'reconciliation' }).info(describeReconciliation(config));
logger
  .child({ component: 'receiver' })
  .info(
    receiverEndpoints(config, receiver),
    'receiver started: configure these addresses in Bitrix24 and 1C',
  );
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void receiver.close();
    worker.shutdown();
  });
}
await worker.run();
await connection.close();
await client.connection.close();
