/**
 * `npm run codec-server` — decodes payloads for the Temporal Web UI and CLI with the configured keys
 * (config `codec`; README, "Encrypted payloads"). Refuses to start without keys or tokens.
 */
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';
import { startCodecServer } from './codec-server';
import { encryptionCodecFromConfig } from './data-converter';

const config = exitOnConfigError(() => loadConfig());
const codec = encryptionCodecFromConfig(config);
if (!codec) {
  console.error('codec-server: no encryption key configured (codec.keys and codec.currentKeyId).');
  process.exit(1);
}
if (config.codec.server.tokens.length === 0) {
  console.error('codec-server: codec.server.tokens (or CODEC_SERVER_TOKENS) is empty: nobody could use it.');
  process.exit(1);
}
const server = await startCodecServer({
  host: config.codec.server.host,
  port: config.codec.server.port,
  codec,
  tokens: config.codec.server.tokens,
  allowedOrigins: config.codec.server.allowedOrigins,
  namespace: config.temporal.namespace,
});
console.log(
  `codec server on ${server.url} for the Web UI at ${config.codec.server.allowedOrigins.join(', ')}`,
);
console.log(
  `  browser sign-in: ${server.url}/login · CLI: --codec-endpoint ${server.url} --codec-auth "Bearer <token>"`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
