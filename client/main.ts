/** `npm run receiver` — the webhook receiver against the configured Temporal. */
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';
import { describeEndpoints, startConfiguredReceiver } from './start-receiver';
import { connectTemporal } from './temporal-client';

const config = exitOnConfigError(() => loadConfig());
const client = await connectTemporal(config);
const receiver = await startConfiguredReceiver(config, client);
console.log(describeEndpoints(config, receiver));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void receiver.close().then(() => client.connection.close()));
}
