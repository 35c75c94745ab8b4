/** `npm run receiver` — the webhook receiver against the configured Temporal. */
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';
import { startLogging } from '../observability/process-logging';
import { receiverEndpoints, startConfiguredReceiver } from './start-receiver';
import { connectTemporal } from './temporal-client';

const config = exitOnConfigError(() => loadConfig());
const { logger } = startLogging(config);
const client = await connectTemporal(config);
const receiver = await startConfiguredReceiver(config, client, logger);
logger
  .child({ component: 'receiver' })
  .info(
    receiverEndpoints(config, receiver),
    'receiver started: configure these addresses in Bitrix24 and 1C',
  );
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void receiver.close().then(() => client.connection.close()));
}
