/** `npm run receiver` — the webhook receiver against the configured Temporal. */
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';
import { startLogging } from '../observability/process-logging';
import { receiverEndpoints, startConfiguredReceiver } from './start-receiver';
import { connectTemporal } from './temporal-client';

const config = exitOnConfigError(() => loadConfig());
const { logger } = startLogging(config);
const log = logger.child({ component: 'receiver' });
const client = await connectTemporal(config);
const receiver = await startConfiguredReceiver(config, client, logger);
log.info(
  receiverEndpoints(config, receiver),
  'receiver started: configure these addresses in Bitrix24 and 1C',
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    const started = Date.now();
    void receiver
      .close()
      .then(() => client.connection.close())
      .then(
        () => {
          log.info({ signal, ms: Date.now() - started }, 'receiver stopped');
          // Whatever else may still hold the event loop (a gRPC channel reconnecting to a Temporal that is
          // down), the receiver has nothing left to do.
          process.exit(0);
        },
        (err: unknown) => {
          log.error({ signal, err: err instanceof Error ? err.message : String(err) }, 'receiver stopped');
          process.exit(1);
        },
      );
  });
}
