/** The data converter every Temporal client and worker of the project uses: encryption when keys are set. */
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import type { IntegrationConfig } from '../config/schema';
import { EncryptionCodec } from './encryption-codec';
import { keyRing } from './key-ring';

/**
 * The SDK `require`s the converter by path. Under tsx that is the source beside this file; in the build
 * (`dist/`, scripts/lib/build.ts) this module is bundled into the entry file and the converter sits beside
 * it as CommonJS.
 */
const failureConverterPath = fileURLToPath(
  new URL(
    import.meta.url.endsWith('.ts') ? './failure-converter.ts' : './failure-converter.cjs',
    import.meta.url,
  ),
);

export function encryptionCodecFromConfig(config: IntegrationConfig): EncryptionCodec | undefined {
  const codec = config.codec;
  if (!codec?.currentKeyId) return undefined;
  return new EncryptionCodec(keyRing(codec.keys, codec.currentKeyId));
}

/** `undefined` (the SDK default, plain JSON) when no encryption key is configured. */
export function dataConverterFromConfig(config: IntegrationConfig): DataConverter | undefined {
  const codec = encryptionCodecFromConfig(config);
  return codec ? { payloadCodecs: [codec], failureConverterPath } : undefined;
}
