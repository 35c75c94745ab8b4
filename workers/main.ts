/** `npm run worker` — runs request workflows against the systems in the configuration. */
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';
import { describeInbound } from '../client/offline-reader';
import { describeReconciliation } from '../client/reconciliation-schedule';
import { startLogging } from '../observability/process-logging';
import { createRequestWorker, describeWorker } from './request-worker';

const config = exitOnConfigError(() => loadConfig());
const { logger } = startLogging(config);
const { worker, connection, client } = await createRequestWorker(config);
logger.child({ component: 'worker' }).info(describeWorker(config), 'worker started');
logger.child({ component: 'reconciliation' }).info(describeReconciliation(config));
logger.child({ component: 'inbound' }).info(describeInbound(config));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
await worker.run();
await connection.close();
await client.connection.close();
