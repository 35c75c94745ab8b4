/** `npm run worker` — runs request workflows against the systems in the configuration. */
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';
import { startLogging } from '../observability/process-logging';
import { createRequestWorker, describeWorker } from './request-worker';

const config = exitOnConfigError(() => loadConfig());
const { logger } = startLogging(config);
const { worker, connection } = await createRequestWorker(config);
logger.child({ component: 'worker' }).info(describeWorker(config), 'worker started');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
await worker.run();
await connection.close();
