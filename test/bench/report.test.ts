import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownTable, parseBenchArgs } from '../../bench/report';
import { combineUsage } from '../../bench/stack';

describe('npm run bench: arguments and report', () => {
  test('--cluster picks the cluster setup; nothing picks the single machine', () => {
    assert.deepEqual(parseBenchArgs([]), { setup: 'single machine' });
    assert.deepEqual(parseBenchArgs(['--cluster']), { setup: 'cluster' });
  });

  test('an unknown option is refused rather than ignored', () => {
    assert.throws(() => parseBenchArgs(['--clustre']), /Unknown option '--clustre'/);
  });

  test('a markdown table has a header rule and one line per row, pipes escaped', () => {
    const table = markdownTable(
      ['measure', 'value'],
      [
        ['p50', '12 ms'],
        ['a | b', 3],
      ],
    );
    assert.equal(
      table,
      ['| measure | value |', '| --- | --- |', '| p50 | 12 ms |', '| a \\| b | 3 |'].join('\n'),
    );
  });

  test('several workers: the largest RSS, the sum of CPU time', () => {
    assert.deepEqual(
      combineUsage([
        { rss: 300, cpuMs: 10 },
        { rss: 500, cpuMs: 15 },
      ]),
      { rss: 500, cpuMs: 25 },
    );
    assert.deepEqual(combineUsage([{ rss: 7, cpuMs: 2 }]), { rss: 7, cpuMs: 2 });
  });
});
