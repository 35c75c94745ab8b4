import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildReport, countBy, latestRuns } from '../../domain/report/build';
import { percentile } from '../../domain/report/percentile';
import { OPTIONS, REQUESTS, RUNS } from './fixtures';

describe('requests report', () => {
  const report = buildReport(REQUESTS, RUNS, OPTIONS);

  test('totals count the period only; waiting and failed are the current Temporal state', () => {
    assert.deepEqual(report.totals, {
      requests: 5,
      open: 2,
      completed: 3,
      stuck: 1,
      awaitingFix: 1,
      failed: 1,
    });
  });

  test('counts by status, counterparty, type and manager, largest first; empty manager is named', () => {
    assert.deepEqual(report.byStatus, [
      { key: 'В работе', count: 2 },
      { key: 'Завершена', count: 2 },
      { key: 'Отменена', count: 1 },
    ]);
    assert.deepEqual(report.byCounterparty, [
      { key: 'ООО "Ромашка"', count: 4 },
      { key: 'ИП Сидоров', count: 1 },
    ]);
    assert.deepEqual(report.byType, [
      { key: 'Ремонт', count: 4 },
      { key: 'Консультация', count: 1 },
    ]);
    assert.deepEqual(report.byManager, [
      { key: 'Иванова Мария', count: 3 },
      { key: '(не указан)', count: 1 },
      { key: 'Петров Пётр', count: 1 },
    ]);
  });

  test('creation → completion hours, p50 and p90 per type (nearest rank)', () => {
    assert.deepEqual(report.durationByType, [
      { type: 'Консультация', completed: 1, p50Hours: 1, p90Hours: 1 },
      { type: 'Ремонт', completed: 2, p50Hours: 2, p90Hours: 10 },
    ]);
  });

  test('stuck: open and no status change for N days, longest first', () => {
    assert.deepEqual(
      report.stuck.map((s) => [s.number, s.idleDays, s.counterparty]),
      [['000000004', 10, 'ИП Сидоров']],
    );
    const stricter = buildReport(REQUESTS, RUNS, { ...OPTIONS, stuckAfterDays: 1 });
    assert.deepEqual(
      stricter.stuck.map((s) => s.number),
      ['000000004', '000000005'],
    );
  });

  test('waiting for a manager and failed runs; a failed run superseded by a newer run is left out', () => {
    assert.deepEqual(report.awaitingFix, [
      {
        workflowId: 'request-b24-1038-7',
        itemId: 7,
        summary: '«Не печатает принтер»',
        since: '2026-03-16T10:00:00.000Z',
        waitingDays: 4,
      },
    ]);
    assert.deepEqual(
      report.failed.map((f) => [f.workflowId, f.error, f.failedAt]),
      [['request-b24-1038-8', '1C: не заполнен реквизит «Организация»', '2026-03-18T10:05:00.000Z']],
    );
    assert.equal(latestRuns(RUNS).length, 4);
  });

  test('an empty period gives zeros and empty lists, not errors', () => {
    const empty = buildReport([], [], OPTIONS);
    assert.equal(empty.totals.requests, 0);
    assert.deepEqual(empty.durationByType, []);
  });
});

describe('report helpers', () => {
  test('percentile: nearest rank', () => {
    assert.equal(percentile([], 50), undefined);
    assert.equal(percentile([5], 90), 5);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50), 5);
    assert.equal(percentile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 90), 9);
    assert.equal(percentile([1, 2, 3], 100), 3);
    assert.throws(() => percentile([1], 0), RangeError);
  });

  test('countBy ties are ordered by name', () => {
    assert.deepEqual(
      countBy(['б', 'а', 'б', 'а', ' '], (x) => x),
      [
        { key: 'а', count: 2 },
        { key: 'б', count: 2 },
        { key: '(не указан)', count: 1 },
      ],
    );
  });
});
