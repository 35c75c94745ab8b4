import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  emptyEchoMemory,
  MAX_REMEMBERED_VERSIONS,
  rememberBitrixWrite,
  rememberOneCWrite,
  sortOutSignals,
  type ClientSignal,
} from '../../domain/client-sync-inbox';

const onec = (dataVersion: string, initiator: 'user' | 'integration' = 'user'): ClientSignal => ({
  source: 'onec',
  eventId: `e-${dataVersion}`,
  dataVersion,
  initiator,
});
const bitrix = (ts: number): ClientSignal => ({ source: 'bitrix24', event: 'update', ts });

describe('sortOutSignals', () => {
  test('a user change in 1C or a manager edit in Bitrix24 is news', () => {
    const { news, echoes } = sortOutSignals(emptyEchoMemory(), [onec('v2'), bitrix(100)]);
    assert.equal(news.length, 2);
    assert.equal(echoes, 0);
  });

  test('1C notifications flagged integration, or carrying the version we wrote, are echoes', () => {
    const memory = rememberOneCWrite(emptyEchoMemory(), 'v5');
    const sorted = sortOutSignals(memory, [onec('v9', 'integration'), onec('v5')]);
    assert.deepEqual(sorted.news, []);
    assert.equal(sorted.echoes, 2);
    assert.deepEqual(sorted.memory.onecVersions, [], 'an echo is consumed');
  });

  test('a notification of the version the last sync already read tells nothing new', () => {
    const memory = { ...emptyEchoMemory(), lastOneCVersion: 'v3' };
    assert.deepEqual(sortOutSignals(memory, [onec('v3')]).news, []);
    assert.equal(sortOutSignals(memory, [onec('v4')]).news.length, 1);
  });

  test('a Bitrix24 update from the second of our write is our echo, once; the next one is news', () => {
    const memory = rememberBitrixWrite(emptyEchoMemory(), 1000);
    const sorted = sortOutSignals(memory, [bitrix(999), bitrix(1000), bitrix(1001)]);
    assert.deepEqual(
      sorted.news.map((s) => (s.source === 'bitrix24' ? s.ts : 0)),
      [999, 1001],
    );
    assert.equal(sorted.echoes, 1);
    assert.deepEqual(sorted.memory.bitrixWrites, []);
  });

  test('remembered versions are bounded', () => {
    let memory = emptyEchoMemory();
    for (let i = 0; i < MAX_REMEMBERED_VERSIONS + 5; i++) memory = rememberOneCWrite(memory, `v${i}`);
    assert.equal(memory.onecVersions.length, MAX_REMEMBERED_VERSIONS);
    assert.equal(memory.lastOneCVersion, `v${MAX_REMEMBERED_VERSIONS + 4}`);
  });
});
