import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStatusMap } from '../../domain/status-map';
import { DEMO_STAGES } from './fixtures';

describe('StatusMap', () => {
  const map = createStatusMap(DEMO_STAGES);

  it('maps both ways', () => {
    assert.equal(map.statusForStage('DT1038_10:PREPARATION'), 'ВРаботе');
    assert.equal(map.stageForStatus('ОжидаетУточнения'), 'DT1038_10:CLIENT');
    for (const { stageId, status } of DEMO_STAGES) {
      assert.equal(map.stageForStatus(map.statusForStage(stageId) ?? ''), stageId);
      assert.equal(map.statusForStage(map.stageForStatus(status) ?? ''), status);
    }
  });

  it('returns null for unknown stages and statuses', () => {
    assert.equal(map.statusForStage('DT1038_12:NEW'), null);
    assert.equal(map.stageForStatus('В работе'), null);
  });

  it('knows final statuses, default and configured', () => {
    assert.equal(map.isFinalStatus('Завершена'), true);
    assert.equal(map.isFinalStatus('Отменена'), true);
    assert.equal(map.isFinalStatus('ВРаботе'), false);
    const custom = createStatusMap(DEMO_STAGES, ['Завершена']);
    assert.equal(custom.isFinalStatus('Отменена'), false);
  });

  it('refuses a mapping that is not one-to-one', () => {
    assert.throws(
      () => createStatusMap([...DEMO_STAGES, { stageId: 'DT1038_10:NEW', status: 'Отменена' }]),
      /twice/,
    );
    assert.throws(
      () => createStatusMap([...DEMO_STAGES, { stageId: 'DT1038_10:X', status: 'Новая' }]),
      /twice/,
    );
  });

  it('copies the pairs so later mutation of the config does not leak in', () => {
    const pairs = [{ stageId: 'A', status: 'Новая' }];
    const copy = createStatusMap(pairs);
    pairs[0]!.stageId = 'B';
    assert.equal(copy.pairs[0]?.stageId, 'A');
  });
});
