import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  chaosTable,
  moduleRefusals,
  parseChaosArgs,
  rateLimitFloorSeconds,
  type Row,
  rowFailed,
} from '../../chaos/report';
import { ANOTHER_APPLICATION_METHOD, scenarios } from '../../chaos/scenarios';

const clean: Row = {
  scenario: 'worker SIGKILL with requests in flight',
  requests: 20,
  posted: 20,
  lost: 0,
  duplicateDocuments: 0,
  duplicateCounterparties: 0,
  duplicateComments: 0,
  refused: 0,
  convergedSeconds: 12.5,
};

describe('npm run chaos: arguments, verdicts and table', () => {
  test('defaults: full sizes, every scenario, single machine', () => {
    assert.deepEqual(parseChaosArgs([]), { size: 'full', setup: 'single machine' });
  });

  test('--quick, --only and --cluster together', () => {
    assert.deepEqual(parseChaosArgs(['--quick', '--cluster', '--only', 'PostgreSQL', '--only', '1C down']), {
      size: 'quick',
      only: ['PostgreSQL', '1C down'],
      setup: 'cluster',
    });
  });

  test('an unknown option is refused rather than ignored', () => {
    assert.throws(() => parseChaosArgs(['--qiuck']), /Unknown option '--qiuck'/);
  });

  test("the other application's refusals are not the module's", () => {
    assert.equal(
      moduleRefusals({ [ANOTHER_APPLICATION_METHOD]: 40, batch: 2, 'crm.item.get': 1 }, [
        ANOTHER_APPLICATION_METHOD,
      ]),
      3,
    );
    assert.equal(moduleRefusals({ 'USER.CURRENT': 4 }, ['user.current']), 0);
    assert.equal(moduleRefusals({}, []), 0);
  });

  test("the rate-limit floor: a bucket's worth at once, the rest at the drain rate", () => {
    const cloud = { requestsPerSecond: 2, bucketSize: 50 };
    assert.equal(rateLimitFloorSeconds(400, cloud), 175);
    assert.equal(rateLimitFloorSeconds(50, cloud), 0);
    assert.equal(rateLimitFloorSeconds(0, cloud), 0);
    assert.equal(rateLimitFloorSeconds(301, { requestsPerSecond: 5, bucketSize: 250 }), 10.2);
  });

  test('a row fails on a loss, a duplicate, an error, or a refusal it did not provoke', () => {
    assert.equal(rowFailed(clean), false);
    assert.equal(rowFailed({ ...clean, lost: 1 }), true);
    assert.equal(rowFailed({ ...clean, duplicateDocuments: 1 }), true);
    assert.equal(rowFailed({ ...clean, duplicateCounterparties: 1 }), true);
    assert.equal(rowFailed({ ...clean, duplicateComments: 1 }), true);
    assert.equal(rowFailed({ ...clean, error: 'timed out' }), true);
    assert.equal(rowFailed({ ...clean, refused: 2 }), true);
    assert.equal(rowFailed({ ...clean, refused: 2, refusalsExpected: true }), false);
  });

  test('the table names the setup in every row and says which refusals were provoked', () => {
    const table = chaosTable(
      [
        { ...clean, callsAfterFault: 130, floorSeconds: 40 },
        {
          ...clean,
          scenario: 'another application drains the Bitrix24 bucket',
          refused: 5,
          refusalsExpected: true,
        },
        { ...clean, scenario: 'PostgreSQL stopped and restarted', convergedSeconds: null },
      ],
      'cluster',
    ).split('\n');
    assert.equal(table.length, 5);
    assert.match(
      table[0]!,
      /^\| scenario \| setup \| requests .* refused calls \| converged after the fault ended \| Bitrix24 calls meanwhile \(rate-limit floor\) \|$/,
    );
    assert.equal(
      table[2],
      '| worker SIGKILL with requests in flight | cluster | 20 | 20 | 0 | 0 | 0 | 0 | 0 | 12.5 s | 130 (≥ 40 s) |',
    );
    assert.match(table[3]!, /\| 5 \(while another application drained the bucket\) \|/);
    assert.match(table[4]!, /\| not converged \| — \|$/);
  });

  test('the PostgreSQL restart runs only where PostgreSQL is ours, the offline queue only on one machine, every other scenario everywhere', () => {
    const restricted = scenarios.filter((s) => s.setups !== undefined);
    assert.deepEqual(
      restricted.map((s) => [s.name, s.setups]),
      [
        ['PostgreSQL stopped and restarted', ['cluster']],
        ['receiver down, inbound offline: the offline queue alone', ['single machine']],
      ],
    );
  });
});
