/**
 * The fast way to read a whole Bitrix24 list, as the vendor's guide for big data sets describes it: order by
 * id, `start=-1` (no counting: a page costs the portal a primary-key read, not a count of the whole table
 * plus a walk past `start` rows), and an `>ID` cursor carried from page to page. Up to 50 pages go in one
 * `batch`, each command taking its cursor from the previous command's last row (`$result[p0][49][ID]`), so
 * one request — one slot of the portal's bucket — reads up to 2 500 rows. The reader is resumable: it takes
 * a cursor and returns the next one, so a retried activity goes on from where the last one stopped.
 */
import { z } from 'zod';
import type { BatchOutcome, Bitrix24Client } from './client';
import { Bitrix24Error } from './errors';
import { MAX_BATCH_COMMANDS } from './client';

/** Bitrix24 pages are 50 rows; a shorter page is the last one. */
export const PAGE_SIZE = 50;

/** What to export: a legacy list (`crm.company.list`, ids in `ID`) or `crm.item.list` (`items[].id`). */
export interface ExportSource {
  method: string;
  /** Fixed parameters: `select`, an extra `filter`, `entityTypeId` for crm.item.list. */
  params: Record<string, unknown>;
  /** `ID` for legacy lists, `id` for crm.item.list. */
  idField: 'ID' | 'id';
  /** Where the rows are inside `result`: the result itself (legacy) or `items` (crm.item.list). */
  rowsKey?: 'items';
}

/** Where an export stands: every row with id ≤ `afterId` has been read; `done` once a page came back short. */
export interface ExportCursor {
  afterId: number;
  done: boolean;
}

export const START_CURSOR: ExportCursor = { afterId: 0, done: false };

const pageKey = (index: number): string => `p${index}`;

/** `$result[p3][49][ID]` (legacy) or `$result[p3][items][49][id]`: the last row of the previous page. */
function lastIdReference(source: ExportSource, previous: number): string {
  const rows = source.rowsKey ? `[${source.rowsKey}]` : '';
  return `$result[${pageKey(previous)}]${rows}[${PAGE_SIZE - 1}][${source.idField}]`;
}

/**
 * The commands of one batch: page 0 continues after `afterId`, page k after page k-1's last row.
 * Pure, so the chaining is tested without a portal.
 */
export function chainedPages(
  source: ExportSource,
  afterId: number,
  pages: number,
): Record<string, { method: string; params: Record<string, unknown> }> {
  const count = Math.max(1, Math.min(MAX_BATCH_COMMANDS, Math.floor(pages)));
  const filter = (z.record(z.unknown()).safeParse(source.params.filter).data ?? {}) as Record<
    string,
    unknown
  >;
  const commands: Record<string, { method: string; params: Record<string, unknown> }> = {};
  for (let k = 0; k < count; k++) {
    const cursor = k === 0 ? afterId : lastIdReference(source, k - 1);
    commands[pageKey(k)] = {
      method: source.method,
      params: {
        ...source.params,
        order: { [source.idField]: 'ASC' },
        filter: { ...filter, [`>${source.idField}`]: cursor },
        start: -1,
      },
    };
  }
  return commands;
}

export interface ChainRead {
  rows: Record<string, unknown>[];
  cursor: ExportCursor;
  /** Pages that came back in this batch and were used. */
  pages: number;
}

const rowSchema = z.record(z.unknown());

/**
 * The rows of a chained batch, in order, up to the first short page (the end of the list) or the first failed
 * page (the rest of the chain had no cursor to go on from). A failure of the very first page is thrown: no
 * progress was made, the caller's retry policy decides. Pure.
 */
export function readChain(source: ExportSource, cursor: ExportCursor, outcome: BatchOutcome): ChainRead {
  const rows: Record<string, unknown>[] = [];
  let afterId = cursor.afterId;
  let pages = 0;
  for (let k = 0; ; k++) {
    const key = pageKey(k);
    const failure = outcome.errors[key];
    if (failure) {
      if (k === 0)
        throw Bitrix24Error.fromEnvelope(source.method, 200, failure.error, failure.error_description);
      return { rows, cursor: { afterId, done: false }, pages };
    }
    if (!(key in outcome.result)) return { rows, cursor: { afterId, done: false }, pages };
    const result = outcome.result[key];
    const listed = source.rowsKey
      ? z.object({ [source.rowsKey]: z.array(rowSchema) }).safeParse(result)
      : z.array(rowSchema).safeParse(result);
    if (!listed.success) {
      throw new Bitrix24Error({
        code: 'UNEXPECTED_RESULT',
        description: `page ${key} of ${source.method} is not a list of rows`,
        httpStatus: 200,
        method: source.method,
        retryable: false,
      });
    }
    const page = (
      source.rowsKey
        ? (listed.data as Record<string, Record<string, unknown>[]>)[source.rowsKey]
        : listed.data
    ) as Record<string, unknown>[];
    pages += 1;
    for (const row of page) {
      const id = Number(row[source.idField]);
      // A page never goes back: rows at or below the cursor would be a portal's mistake, not new data.
      if (!Number.isFinite(id) || id <= afterId) continue;
      rows.push(row);
      afterId = id;
    }
    if (page.length < PAGE_SIZE) return { rows, cursor: { afterId, done: true }, pages };
  }
}

/** Reads the next rows after `cursor`: one batch of up to `pages` chained pages (default 50). */
export async function readAfter(
  client: Bitrix24Client,
  source: ExportSource,
  cursor: ExportCursor,
  pages = MAX_BATCH_COMMANDS,
): Promise<ChainRead> {
  if (cursor.done) return { rows: [], cursor, pages: 0 };
  const outcome = await client.batch(chainedPages(source, cursor.afterId, pages));
  return readChain(source, cursor, outcome);
}

/** Every row of the list, batch after batch; `onBatch` sees each batch (progress, or saving the cursor). */
export async function exportAll(
  client: Bitrix24Client,
  source: ExportSource,
  opts: { from?: ExportCursor; onBatch?: (read: ChainRead) => void | Promise<void> } = {},
): Promise<{ rows: number; cursor: ExportCursor }> {
  let cursor = opts.from ?? START_CURSOR;
  let rows = 0;
  while (!cursor.done) {
    const read = await readAfter(client, source, cursor);
    rows += read.rows.length;
    cursor = read.cursor;
    await opts.onBatch?.(read);
  }
  return { rows, cursor };
}
