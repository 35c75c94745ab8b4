import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Bitrix24Client } from '../../activities/bitrix24/client';
import {
  chainedPages,
  exportAll,
  readAfter,
  readChain,
  START_CURSOR,
  type ExportSource,
} from '../../activities/bitrix24/export';
import { Bitrix24Governor, CLOUD_LIMITS } from '../../activities/bitrix24/governor';
import { encodePhpQuery } from '../../activities/bitrix24/php-query';
import { TABLES } from '../../sandbox/bitrix24/crm/model';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { startTestSandbox } from '../bitrix24/harness';

const COMPANIES: ExportSource = {
  method: 'crm.company.list',
  params: { select: ['ID', 'TITLE'] },
  idField: 'ID',
};
const ITEMS: ExportSource = {
  method: 'crm.item.list',
  params: { entityTypeId: 4, select: ['id', 'title'] },
  idField: 'id',
  rowsKey: 'items',
};

const page = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ ID: String(from + i) }));

describe('fast export: chained batch pages', () => {
  it('chains each page to the last id of the one before, with start=-1 and id order', () => {
    const commands = chainedPages(COMPANIES, 120, 3);
    assert.deepEqual(Object.keys(commands), ['p0', 'p1', 'p2']);
    assert.deepEqual(commands.p0?.params, {
      select: ['ID', 'TITLE'],
      order: { ID: 'ASC' },
      filter: { '>ID': 120 },
      start: -1,
    });
    assert.equal((commands.p2?.params.filter as Record<string, unknown>)['>ID'], '$result[p1][49][ID]');
    // The reference reaches the portal verbatim, so it substitutes it.
    assert.match(encodePhpQuery(commands.p1!.params), /filter\[%3EID\]=\$result\[p0\]\[49\]\[ID\]/);
    const items = chainedPages(ITEMS, 0, 2);
    assert.equal((items.p1?.params.filter as Record<string, unknown>)['>id'], '$result[p0][items][49][id]');
    assert.equal(Object.keys(chainedPages(COMPANIES, 0, 80)).length, 50, 'at most 50 commands a batch');
  });

  it('reads pages up to the first short one; a failed later page keeps the rows before it', () => {
    const done = readChain(COMPANIES, START_CURSOR, {
      result: { p0: page(1, 50), p1: page(51, 7), p2: page(9000, 3) },
      errors: {},
    });
    assert.equal(done.rows.length, 57);
    assert.deepEqual(done.cursor, { afterId: 57, done: true });
    const cut = readChain(
      COMPANIES,
      { afterId: 100, done: false },
      {
        result: { p0: page(101, 50) },
        errors: { p1: { error: 'OPERATION_TIME_LIMIT', error_description: 'blocked' } },
      },
    );
    assert.deepEqual(cut.cursor, { afterId: 150, done: false });
    assert.throws(
      () =>
        readChain(COMPANIES, START_CURSOR, {
          result: {},
          errors: { p0: { error: 'OPERATION_TIME_LIMIT', error_description: 'blocked' } },
        }),
      /OPERATION_TIME_LIMIT/,
    );
  });

  describe('against the sandbox portal', () => {
    let sandbox: Bitrix24Sandbox;
    before(async () => {
      sandbox = await startTestSandbox({
        seed: false,
        rateLimit: { enabled: true, ratePerSecond: 2, bucketSize: 50 },
      });
      const table = sandbox.store.table<Record<string, unknown>>(TABLES.companies);
      for (let i = 0; i < 5_321; i++) {
        const id = table.nextId();
        // Gaps in the ids, as deletions leave them.
        if (i % 7 === 3) continue;
        table.insert(id, { ID: String(id), TITLE: `Компания ${id}` });
      }
    });
    after(() => sandbox.close());

    it('exports every row once, in id order, in one request per 2 500 rows, resuming from a cursor', async () => {
      const client = new Bitrix24Client({
        webhookUrl: sandbox.webhookUrl,
        governor: new Bitrix24Governor(CLOUD_LIMITS),
      });
      const expected = sandbox.store
        .table<Record<string, unknown>>(TABLES.companies)
        .all()
        .map((r) => Number(r.ID));
      const first = await readAfter(client, COMPANIES, START_CURSOR, 10);
      assert.equal(first.rows.length, 500);
      assert.equal(first.cursor.done, false);
      // A retried activity starts from the saved cursor, not from the beginning.
      await sandbox.stats.reset();
      const seen = first.rows.map((r) => Number(r.ID));
      const rest = await exportAll(client, COMPANIES, {
        from: first.cursor,
        onBatch: (read) => {
          seen.push(...read.rows.map((r) => Number(r.ID)));
        },
      });
      assert.deepEqual(seen, expected);
      assert.equal(rest.cursor.done, true);
      const stats = sandbox.stats.get();
      assert.equal(stats.requests, Math.ceil((expected.length - 500) / 2_500));
      assert.deepEqual(stats.refused, {});
    });

    it('reads crm.item.list of companies (entity type 4) the same way', async () => {
      const client = new Bitrix24Client({ webhookUrl: sandbox.webhookUrl });
      const ids: number[] = [];
      await exportAll(client, ITEMS, {
        onBatch: (read) => {
          ids.push(...read.rows.map((r) => Number(r.id)));
        },
      });
      assert.equal(ids.length, sandbox.store.table(TABLES.companies).size);
      assert.ok(ids.every((id, i) => i === 0 || id > ids[i - 1]!));
    });
  });
});
