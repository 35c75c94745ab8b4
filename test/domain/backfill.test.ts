import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  describeLine,
  emptyCounts,
  planLink,
  progressBar,
  rateAndEta,
  recordOutcome,
  RECENT_LINES,
  type BackfillProgress,
} from '../../domain/backfill';

const progress = (): BackfillProgress => ({
  apply: false,
  phase: 'company',
  total: 1000,
  processed: 0,
  counts: emptyCounts(),
  recent: [],
  startedAtMs: 0,
});

describe('back-fill plan', () => {
  test('found by Bitrix24 id, or carrying our id: already linked', () => {
    assert.equal(planLink({ via: 'bitrixId', currentKey: '17' }, '17', true), 'already-linked');
    assert.equal(planLink({ via: 'inn', currentKey: '17' }, '17', false), 'already-linked');
  });
  test('found by INN/phone/e-mail without an id: link (apply) or would link (dry run)', () => {
    assert.equal(planLink({ via: 'inn', currentKey: '' }, '17', true), 'link');
    assert.equal(planLink({ via: 'phone', currentKey: '' }, 'C5', false), 'would-link');
  });
  test("another client's id is never overwritten", () => {
    assert.equal(planLink({ via: 'email', currentKey: '42' }, '17', true), 'held-by-other');
  });
  test('nothing found: create (apply) or would create (dry run)', () => {
    assert.equal(planLink(null, '17', true), 'create');
    assert.equal(planLink(null, '17', false), 'would-create');
  });
});

describe('back-fill progress', () => {
  test('counts outcomes, numbers lines and keeps only the latest ones', () => {
    const p = progress();
    for (let i = 0; i < RECENT_LINES + 5; i++)
      recordOutcome(p, { outcome: 'would-create', client: `company ${i}`, name: `К${i}`, detail: '' });
    assert.equal(p.processed, RECENT_LINES + 5);
    assert.equal(p.counts['would-create'], RECENT_LINES + 5);
    assert.equal(p.recent.length, RECENT_LINES);
    assert.equal(p.recent[0]?.seq, 6);
    assert.equal(p.recent.at(-1)?.seq, RECENT_LINES + 5);
    assert.equal(describeLine(p.recent[0]!), 'company 5 «К5»: would create');
  });

  test('rate and ETA from two observations; the bar shows share, rate and time left', () => {
    const { rate, etaSeconds } = rateAndEta(
      { processed: 300, total: 1000 },
      { processed: 100, atMs: 0 },
      10_000,
    );
    assert.equal(rate, 20);
    assert.equal(etaSeconds, 35);
    assert.equal(
      progressBar({ processed: 300, total: 1000 }, rate, etaSeconds, 10),
      '[███░░░░░░░] 300/1000 30 % · 20.0/s · ETA 0:35',
    );
    assert.equal(rateAndEta({ processed: 5, total: null }, { processed: 5, atMs: 0 }, 0).etaSeconds, null);
  });
});
