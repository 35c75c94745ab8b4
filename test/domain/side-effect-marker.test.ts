import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasMarker, markedComment, sideEffectMarker } from '../../domain/side-effect-marker';

const step = { workflowId: 'request-b24-1038-5', runId: 'run-1', activityId: '7', write: 'comment' };

describe('sideEffectMarker', () => {
  it('is the same for every retry of one step', () => {
    assert.equal(sideEffectMarker(step), sideEffectMarker({ ...step }));
    assert.match(sideEffectMarker(step), /^b24onec:[0-9a-f]{16}$/);
  });

  it('differs for another run, another activity, another write or another workflow', () => {
    const base = sideEffectMarker(step);
    for (const other of [
      { ...step, runId: 'run-2' },
      { ...step, activityId: '8' },
      { ...step, write: 'notify' },
      { ...step, workflowId: 'request-b24-1038-6' },
    ])
      assert.notEqual(sideEffectMarker(other), base);
  });

  it('a marked comment is recognised, an unmarked or differently marked one is not', () => {
    const marker = sideEffectMarker(step);
    const text = markedComment('Документ создан', marker);
    assert.ok(text.startsWith('Документ создан\n'));
    assert.ok(hasMarker(text, marker));
    assert.equal(hasMarker('Документ создан', marker), false);
    assert.equal(hasMarker(text, sideEffectMarker({ ...step, runId: 'x' })), false);
  });
});
