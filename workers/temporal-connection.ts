/**
 * Connection settings to Temporal from the config: the embedded dev server by default, a self-hosted
 * cluster (optionally mTLS) or Temporal Cloud (mTLS or API key) — same code, different config.
 */
import { readFileSync } from 'node:fs';
import type { IntegrationConfig } from '../config/schema';

type TemporalConfig = IntegrationConfig['temporal'];

export interface TemporalConnectionSettings {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

export function temporalConnectionSettings(temporal: TemporalConfig): TemporalConnectionSettings {
  const settings: TemporalConnectionSettings = { address: temporal.address };
  if (temporal.tls) {
    settings.tls = {
      clientCertPair: { crt: readFileSync(temporal.tls.certPath), key: readFileSync(temporal.tls.keyPath) },
      ...(temporal.tls.caPath ? { serverRootCACertificate: readFileSync(temporal.tls.caPath) } : {}),
      ...(temporal.tls.serverName ? { serverNameOverride: temporal.tls.serverName } : {}),
    };
  }
  if (temporal.apiKey) {
    settings.apiKey = temporal.apiKey;
    settings.tls ??= {};
  }
  return settings;
}
