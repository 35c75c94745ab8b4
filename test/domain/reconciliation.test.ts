import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStatusMap } from '../../domain/status-map';
import { documentDiscrepancy, itemDiscrepancy, reconcileWindow } from '../../domain/reconciliation';
import { DEMO_STAGES } from './fixtures';

const map = createStatusMap(DEMO_STAGES);

describe('reconcileWindow', () => {
  it('the first run looks back the configured span and stops the grace period short of now', () => {
    const w = reconcileWindow({ watermarkMs: null, nowMs: 100_000, graceMs: 10_000, lookbackMs: 50_000 });
    assert.deepEqual(w, { sinceMs: 50_000, beforeMs: 90_000 });
  });

  it('later runs start exactly at the previous watermark, leaving no gap', () => {
    const w = reconcileWindow({ watermarkMs: 80_000, nowMs: 100_000, graceMs: 10_000, lookbackMs: 50_000 });
    assert.deepEqual(w, { sinceMs: 80_000, beforeMs: 90_000 });
  });

  it('a watermark ahead of the window (clock moved back) never yields an inverted window', () => {
    const w = reconcileWindow({ watermarkMs: 95_000, nowMs: 100_000, graceMs: 10_000, lookbackMs: 50_000 });
    assert.ok(w.sinceMs <= w.beforeMs);
  });
});

describe('itemDiscrepancy', () => {
  it('an item without a 1C document needs its workflow', () => {
    assert.match(
      itemDiscrepancy({ stageId: 'DT1038_10:NEW', documentStatus: null }, map) ?? '',
      /нет документа/,
    );
  });

  it('an item whose stage 1C does not reflect needs its workflow', () => {
    const reason = itemDiscrepancy({ stageId: 'DT1038_10:PREPARATION', documentStatus: 'Новая' }, map);
    assert.match(reason ?? '', /DT1038_10:PREPARATION/);
  });

  it('agreeing systems and unmapped stages need nothing', () => {
    assert.equal(itemDiscrepancy({ stageId: 'DT1038_10:PREPARATION', documentStatus: 'ВРаботе' }, map), null);
    assert.equal(itemDiscrepancy({ stageId: 'DT1038_10:UNKNOWN', documentStatus: 'Новая' }, map), null);
  });
});

describe('documentDiscrepancy', () => {
  it('an open document whose item is gone is reported as deleted', () => {
    assert.equal(documentDiscrepancy({ status: 'ВРаботе', itemStageId: null }, map)?.kind, 'item-deleted');
  });

  it('a closed document whose item was deleted later is left alone', () => {
    assert.equal(documentDiscrepancy({ status: 'Завершена', itemStageId: null }, map), null);
  });

  it('a 1C status Bitrix24 does not show is reported', () => {
    const found = documentDiscrepancy({ status: 'Завершена', itemStageId: 'DT1038_10:PREPARATION' }, map);
    assert.equal(found?.kind, 'status-differs');
  });

  it('matching status and stage need nothing', () => {
    assert.equal(documentDiscrepancy({ status: 'ВРаботе', itemStageId: 'DT1038_10:PREPARATION' }, map), null);
  });
});
