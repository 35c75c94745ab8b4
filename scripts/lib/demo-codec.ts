/**
 * The demo's codec server: config/demo.json's keys and token, CORS for the demo's Web UI, so the UI
 * shows decrypted payloads to whoever signs in with the token (README, "Encrypted payloads").
 */
import { readFileSync } from 'node:fs';
import { startCodecServer, type CodecServer } from '../../codec/codec-server';
import { encryptionCodecFromConfig } from '../../codec/data-converter';
import { configFromObject } from '../../config/load';

export async function startDemoCodecServer(uiOrigin: string, port: number): Promise<CodecServer> {
  const config = configFromObject(
    JSON.parse(readFileSync(new URL('../../config/demo.json', import.meta.url), 'utf8')),
  );
  const codec = encryptionCodecFromConfig(config);
  if (!codec) throw new Error('config/demo.json has no codec keys');
  const localhost = uiOrigin.replace('//127.0.0.1:', '//localhost:');
  return startCodecServer({
    host: config.codec.server.host,
    port,
    codec,
    tokens: config.codec.server.tokens,
    allowedOrigins: [...new Set([uiOrigin, localhost, ...config.codec.server.allowedOrigins])],
    namespace: config.temporal.namespace,
    log: (line) => console.error(line),
  });
}
