/** A Temporal client from the configuration (dev server, self-hosted cluster or Temporal Cloud). */
import { Client, Connection } from '@temporalio/client';
import type { IntegrationConfig } from '../config/schema';
import { temporalConnectionSettings } from '../workers/temporal-connection';

export async function connectTemporal(config: IntegrationConfig): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionSettings(config.temporal));
  return new Client({ connection, namespace: config.temporal.namespace });
}
