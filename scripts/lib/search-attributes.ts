/**
 * Registers the request workflows' search attributes (workflows/search-attributes.ts) on a server that was
 * not started with them: the self-hosted cluster and the time-skipping test server. Attributes already
 * present are left alone, so it is safe on every start.
 */
import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { requestSearchAttributes } from '../../workflows/search-attributes';

const { IndexedValueType } = proto.temporal.api.enums.v1;
const KEYWORD = IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
const INDEXED_TYPE: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  KEYWORD,
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const known = await registeredNames(connection, namespace);
  const missing = requestSearchAttributes.filter((key) => !known.has(key.name));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPE[key.type] ?? KEYWORD])),
  });
}

/** The time-skipping test server does not implement the listing (gRPC UNIMPLEMENTED): it knows none. */
async function registeredNames(connection: Connection, namespace: string): Promise<Set<string>> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set(Object.keys(existing.customAttributes ?? {}));
  } catch (error) {
    if ((error as { code?: number }).code === GRPC_UNIMPLEMENTED) return new Set();
    throw error;
  }
}

const GRPC_UNIMPLEMENTED = 12;
