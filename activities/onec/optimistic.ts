/**
 * Conditional writes. Some live 1C bases ignore `If-Match` (reference §6), so besides sending it we
 * read the current `DataVersion` first and refuse to write over a change we have not seen.
 */
import { z } from 'zod';
import type { OneCClient, Row } from './client';
import { OneCError, OneCPreconditionFailed } from './errors';

const versionSchema = z.object({ DataVersion: z.string() });

export async function patchIfUnchanged<T>(
  c: OneCClient,
  set: string,
  ref: string,
  body: Record<string, unknown>,
  dataVersion: string,
  row: Row<T>,
): Promise<T> {
  const current = await c.get(set, ref, versionSchema, { select: ['DataVersion'] });
  if (!current) {
    throw new OneCError(`${set}(${ref}) no longer exists in 1C (code 9)`, {
      httpStatus: 404,
      code: '9',
      retryable: false,
    });
  }
  if (current.DataVersion !== dataVersion) {
    throw new OneCPreconditionFailed(
      `${set}(${ref}) was changed in 1C meanwhile (DataVersion ${current.DataVersion}, expected ${dataVersion})`,
      undefined,
    );
  }
  return c.patch(set, ref, body, row, { ifMatch: dataVersion });
}
