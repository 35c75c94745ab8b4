/**
 * A Temporal client from the configuration (dev server, self-hosted cluster or Temporal Cloud), with the
 * project's data converter: payloads are encrypted when `codec` keys are configured.
 */
import { Client, Connection, type ConnectionLike } from '@temporalio/client';
import { dataConverterFromConfig } from '../codec/data-converter';
import type { IntegrationConfig } from '../config/schema';
import { temporalConnectionSettings } from '../workers/temporal-connection';

/**
 * gRPC's default reconnect back-off grows to two minutes: after a Temporal restart the receiver would keep
 * answering 503 (and Bitrix24 does not resend events) long after the server is back. Retrying the
 * connection at most every two seconds keeps that gap to the restart itself.
 */
const RECONNECT = { 'grpc.initial_reconnect_backoff_ms': 250, 'grpc.max_reconnect_backoff_ms': 2_000 };

export async function connectTemporal(config: IntegrationConfig): Promise<Client> {
  const connection = await Connection.connect({
    ...temporalConnectionSettings(config.temporal),
    channelArgs: RECONNECT,
  });
  return temporalClient(connection, config);
}

/** A client on an existing connection that encodes and decodes like the worker does. */
export function temporalClient(connection: ConnectionLike, config: IntegrationConfig): Client {
  const dataConverter = dataConverterFromConfig(config);
  return new Client({
    connection,
    namespace: config.temporal.namespace,
    ...(dataConverter ? { dataConverter } : {}),
  });
}
