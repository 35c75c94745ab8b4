import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ECHO_WINDOW_SECONDS,
  MAX_OWN_WRITES,
  portalSeconds,
  rememberWrite,
  sortOutEchoes,
} from '../../domain/own-writes';

const at = portalSeconds('2025-01-13T10:20:05+03:00');

describe('own Bitrix24 writes and their echoes', () => {
  test('portal time with zone becomes unix seconds', () => {
    assert.equal(at, Date.UTC(2025, 0, 13, 7, 20, 5) / 1000);
    assert.ok(Number.isNaN(portalSeconds('not a time')));
  });

  test('the update event after our write is its echo; a second one is news', () => {
    const writes = rememberWrite([], { at, stageId: 'DT1038_10:PREPARATION' });
    const events = [
      { event: 'update' as const, ts: at },
      { event: 'update' as const, ts: at + 1 },
    ];
    const sorted = sortOutEchoes(writes, events);
    assert.deepEqual(sorted.echoes, [{ at, stageId: 'DT1038_10:PREPARATION' }]);
    assert.deepEqual(sorted.news, [{ event: 'update', ts: at + 1 }]);
    assert.deepEqual(sorted.writes, []);
  });

  test('events sent before our write, add and delete events are always news', () => {
    const writes = rememberWrite([], { at });
    const sorted = sortOutEchoes(writes, [
      { event: 'update', ts: at - 1 },
      { event: 'add', ts: at },
      { event: 'delete', ts: at + 2 },
    ]);
    assert.equal(sorted.echoes.length, 0);
    assert.equal(sorted.news.length, 3);
    assert.equal(sorted.writes.length, 1);
  });

  test('a write whose echo did not come within the window is forgotten; the late event is news', () => {
    const writes = rememberWrite([], { at });
    const sorted = sortOutEchoes(writes, [{ event: 'update', ts: at + ECHO_WINDOW_SECONDS + 1 }]);
    assert.equal(sorted.echoes.length, 0);
    assert.equal(sorted.news.length, 1);
    assert.deepEqual(sorted.writes, []);
  });

  test('two writes, two echoes, in order; unknown write times are not remembered', () => {
    let writes = rememberWrite([], { at, stageId: 'A' });
    writes = rememberWrite(writes, { at: at + 3, stageId: 'B' });
    writes = rememberWrite(writes, { at: Number.NaN });
    const sorted = sortOutEchoes(writes, [
      { event: 'update', ts: at + 1 },
      { event: 'update', ts: at + 3 },
    ]);
    assert.deepEqual(
      sorted.echoes.map((e) => e.stageId),
      ['A', 'B'],
    );
    assert.deepEqual(sorted.news, []);
  });

  test('memory is bounded', () => {
    let writes = rememberWrite([], { at });
    for (let i = 1; i < 20; i++) writes = rememberWrite(writes, { at: at + i });
    assert.equal(writes.length, MAX_OWN_WRITES);
    assert.equal(writes[0]?.at, at + 20 - MAX_OWN_WRITES);
  });
});
