import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listPageSeconds, PAGE_SECONDS } from '../../sandbox/bitrix24/server-time';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { TABLES } from '../../sandbox/bitrix24/crm/model';
import { call, startTestSandbox } from './harness';

interface Time {
  operating: number;
  operating_reset_at: number;
}

/** Companies straight into the store (as a portal's existing data), ids 1000+1 … 1000+n. */
function seedCompanies(sandbox: Bitrix24Sandbox, n: number): void {
  const table = sandbox.store.table<Record<string, unknown>>(TABLES.companies);
  for (let i = 0; i < n; i++) {
    const id = table.nextId();
    table.insert(id, { ID: String(id), TITLE: `Компания ${i}`, COMPANY_TYPE: 'CUSTOMER' });
  }
}

const timeOf = (body: Record<string, unknown>): Time => body.time as Time;

describe('server time charged per list page', () => {
  test('the model is calibrated on the vendor figure: 49.9 s for a deep counted page of 2.39 M rows, 0.097 s by cursor', () => {
    const rows = 2_387_743;
    assert.ok(Math.abs(listPageSeconds(rows, rows - 50) - 49.9) < 0.01, String(listPageSeconds(rows, rows)));
    assert.equal(listPageSeconds(rows, -1), 0.097);
    assert.ok(listPageSeconds(rows, 0) > listPageSeconds(1000, 0), 'counting grows with the table');
    assert.ok(listPageSeconds(rows, 100_000) > listPageSeconds(rows, 0), 'skipping grows with the offset');
  });

  test('start ≥ 0 is charged for counting and skipping; start=-1 with an >ID cursor costs one cheap page', async () => {
    const sandbox = await startTestSandbox({ seed: false });
    try {
      seedCompanies(sandbox, 20_000);
      const first = await call(sandbox, 'crm.company.list', { order: { ID: 'ASC' }, start: 0 });
      assert.equal(first.status, 200);
      assert.equal(first.body.total, 20_000);
      const charged0 = timeOf(first.body).operating;
      assert.ok(Math.abs(charged0 - listPageSeconds(20_000, 0)) < 0.01, `charged ${charged0}`);
      const deep = await call(sandbox, 'crm.company.list', { order: { ID: 'ASC' }, start: 19_950 });
      const chargedDeep = timeOf(deep.body).operating - charged0;
      assert.ok(chargedDeep > charged0 * 1.5, `deep page ${chargedDeep} s vs first ${charged0} s`);

      const before = timeOf(deep.body).operating;
      const cursor = await call(sandbox, 'crm.company.list', {
        order: { ID: 'ASC' },
        filter: { '>ID': 19_950 },
        select: ['ID'],
        start: -1,
      });
      assert.equal(cursor.status, 200);
      assert.equal(cursor.body.total, undefined);
      assert.deepEqual(
        (cursor.body.result as Array<{ ID: string }>).map((r) => r.ID),
        Array.from({ length: 50 }, (_, i) => String(19_951 + i)),
      );
      const cheap = timeOf(cursor.body).operating - before;
      assert.ok(Math.abs(cheap - PAGE_SECONDS) < 0.01, `cursor page charged ${cheap} s`);
      assert.ok(timeOf(cursor.body).operating_reset_at >= Math.floor(Date.now() / 1000) + 590);
    } finally {
      await sandbox.close();
    }
  });

  test('each batch command is charged under its own method and reports it in result_time', async () => {
    const sandbox = await startTestSandbox({ seed: false });
    try {
      seedCompanies(sandbox, 10_000);
      const cmd = {
        a: 'crm.company.list?start=0',
        b: 'crm.company.list?start=-1&order[ID]=ASC&filter[>ID]=$result[a][49][ID]',
      };
      const answer = await call(sandbox, 'batch', { cmd });
      const times = (answer.body.result as { result_time: Record<string, Time> }).result_time;
      assert.ok(Math.abs((times.a?.operating ?? 0) - listPageSeconds(10_000, 0)) < 0.01);
      assert.ok(Math.abs((times.b?.operating ?? 0) - (times.a?.operating ?? 0) - PAGE_SECONDS) < 0.01);
      // The outer batch is not charged.
      assert.equal(timeOf(answer.body).operating, 0);
    } finally {
      await sandbox.close();
    }
  });

  test('over the operating limit the method answers 429 OPERATION_TIME_LIMIT, alone and inside batch', async () => {
    // The cloud's 480 s scaled down with the table: 20 000 rows, ~0.3 s a counted page, 20 s per 10 minutes.
    const sandbox = await startTestSandbox({ seed: false, operatingLimitSeconds: 20 });
    try {
      seedCompanies(sandbox, 20_000);
      let refused: Record<string, unknown> | undefined;
      let status = 0;
      let pages = 0;
      for (; pages < 10 && !refused; pages++) {
        const cmd = Object.fromEntries(
          Array.from({ length: 50 }, (_, i) => [`p${i}`, `crm.company.list?select[]=ID&start=${i * 50}`]),
        );
        const answer = await call(sandbox, 'batch', { cmd });
        const errors = (answer.body.result as { result_error: Record<string, { error: string }> | [] })
          .result_error;
        const first = Object.values(errors)[0];
        if (first) refused = first as unknown as Record<string, unknown>;
      }
      assert.equal(refused?.error, 'OPERATION_TIME_LIMIT');
      const alone = await call(sandbox, 'crm.company.list', { start: -1 });
      status = alone.status;
      assert.equal(status, 429);
      assert.equal(alone.body.error, 'OPERATION_TIME_LIMIT');
      // Another method keeps its own budget.
      assert.equal((await call(sandbox, 'crm.contact.list', { start: -1 })).status, 200);
    } finally {
      await sandbox.close();
    }
  });
});
