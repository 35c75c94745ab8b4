import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStatusMap } from '../../domain/status-map';
import {
  applyStatusChange,
  expectEcho,
  initialSyncState,
  MAX_EXPECTED_ECHOES,
  readInstant,
  recordWrite,
  type StatusChange,
  type StatusSyncState,
} from '../../domain/status-sync';
import { DEMO_STAGES } from './fixtures';

const map = createStatusMap(DEMO_STAGES);
const NEW = 'DT1038_10:NEW';
const PREP = 'DT1038_10:PREPARATION';
const CLIENT = 'DT1038_10:CLIENT';
const SUCCESS = 'DT1038_10:SUCCESS';

const T0 = '2025-01-13T07:15:00Z';
const T1 = '2025-01-13T07:20:05Z';
const T1_MSK = '2025-01-13T10:20:05+03:00';
const T2 = '2025-01-13T07:30:00Z';

function fresh(): StatusSyncState {
  return initialSyncState('Новая', NEW);
}

function b24(value: string, occurredAt: string): StatusChange {
  return { source: 'bitrix24', value, occurredAt };
}

function onec(value: string, occurredAt: string, initiator: 'user' | 'integration' = 'user'): StatusChange {
  return { source: 'onec', value, occurredAt, initiator };
}

describe('applyStatusChange: mirroring', () => {
  it('mirrors a Bitrix24 stage change to 1C and expects its echo', () => {
    const { decision, state } = applyStatusChange(fresh(), b24(PREP, T1), map);
    assert.deepEqual(decision, { kind: 'mirror-to-onec', status: 'ВРаботе' });
    assert.deepEqual(state, {
      status: 'ВРаботе',
      stageId: PREP,
      lastChange: { source: 'bitrix24', at: T1 },
      expectedEchoes: [{ system: 'onec', value: 'ВРаботе' }],
    });
  });

  it('mirrors a 1C status change to Bitrix24 and expects its echo', () => {
    const { decision, state } = applyStatusChange(fresh(), onec('ОжидаетУточнения', T1), map);
    assert.deepEqual(decision, { kind: 'mirror-to-bitrix', stageId: CLIENT });
    assert.equal(state.status, 'ОжидаетУточнения');
    assert.equal(state.stageId, CLIENT);
    assert.deepEqual(state.lastChange, { source: 'onec', at: T1 });
    assert.deepEqual(state.expectedEchoes, [{ system: 'bitrix24', value: CLIENT }]);
  });

  it('does not mutate the input state', () => {
    const before = fresh();
    const snapshot = structuredClone(before);
    applyStatusChange(before, b24(PREP, T1), map);
    assert.deepEqual(before, snapshot);
  });
});

describe('applyStatusChange: echoes', () => {
  it('consumes the echo of our own Bitrix24 write once; a second identical event is merely unchanged', () => {
    const first = applyStatusChange(fresh(), onec('ВРаботе', T1), map);
    const echo = applyStatusChange(first.state, b24(PREP, T2), map);
    assert.deepEqual(echo.decision, { kind: 'echo' });
    assert.deepEqual(echo.state.expectedEchoes, []);
    assert.deepEqual(echo.state.lastChange, first.state.lastChange);
    const again = applyStatusChange(echo.state, b24(PREP, T2), map);
    assert.deepEqual(again.decision, { kind: 'unchanged' });
  });

  it('consumes the echo of our own 1C write even without the integration flag', () => {
    const first = applyStatusChange(fresh(), b24(PREP, T1), map);
    const echo = applyStatusChange(first.state, onec('ВРаботе', T2), map);
    assert.deepEqual(echo.decision, { kind: 'echo' });
    assert.deepEqual(echo.state.expectedEchoes, []);
  });

  it('treats any 1C change flagged initiator=integration as an echo, expected or not', () => {
    const { decision, state } = applyStatusChange(fresh(), onec('Завершена', T1, 'integration'), map);
    assert.deepEqual(decision, { kind: 'echo' });
    assert.equal(state.status, 'Новая');
  });

  it('consumes only the matching echo and keeps the others', () => {
    let state = expectEcho(fresh(), 'onec', 'ВРаботе');
    state = expectEcho(state, 'bitrix24', CLIENT);
    const r = applyStatusChange(state, onec('ВРаботе', T1, 'integration'), map);
    assert.deepEqual(r.state.expectedEchoes, [{ system: 'bitrix24', value: CLIENT }]);
  });

  it('a genuine change from a system drops our stale expectations for that system', () => {
    // We wrote CLIENT to Bitrix24, but its event was lost; the user then moved the item to SUCCESS.
    const mirrored = applyStatusChange(fresh(), onec('ОжидаетУточнения', T0), map).state;
    const user = applyStatusChange(mirrored, b24(SUCCESS, T1), map);
    assert.deepEqual(user.decision, { kind: 'mirror-to-onec', status: 'Завершена' });
    assert.deepEqual(user.state.expectedEchoes, [{ system: 'onec', value: 'Завершена' }]);
    // Moving back to CLIENT later is a real user action, not our old echo.
    const back = applyStatusChange(user.state, b24(CLIENT, T2), map);
    assert.deepEqual(back.decision, { kind: 'mirror-to-onec', status: 'ОжидаетУточнения' });
  });

  it('keeps at most MAX_EXPECTED_ECHOES, dropping the oldest', () => {
    let state = fresh();
    for (let i = 0; i < MAX_EXPECTED_ECHOES + 3; i += 1) state = expectEcho(state, 'onec', `S${i}`);
    assert.equal(state.expectedEchoes.length, MAX_EXPECTED_ECHOES);
    assert.equal(state.expectedEchoes[0]?.value, 'S3');
  });
});

describe('applyStatusChange: order', () => {
  it('ignores a change older than the last applied one, from either system', () => {
    const applied = applyStatusChange(fresh(), b24(PREP, T2), map).state;
    const late1C = applyStatusChange(applied, onec('Отменена', T1), map);
    assert.deepEqual(late1C.decision, { kind: 'stale' });
    assert.equal(late1C.state, applied);
    const lateB24 = applyStatusChange(applied, b24(CLIENT, T1), map);
    assert.deepEqual(lateB24.decision, { kind: 'stale' });
  });

  it('compares instants, not strings, across time zones', () => {
    const applied = applyStatusChange(fresh(), onec('ВРаботе', T1), map).state;
    // 10:20:04+03:00 is one second before 07:20:05Z although it sorts after it as text.
    const r = applyStatusChange(applied, b24(CLIENT, '2025-01-13T10:20:04+03:00'), map);
    assert.deepEqual(r.decision, { kind: 'stale' });
  });

  it('applies a newer change after an older one', () => {
    const first = applyStatusChange(fresh(), b24(PREP, T1), map).state;
    const second = applyStatusChange(first, onec('Завершена', T2), map);
    assert.deepEqual(second.decision, { kind: 'mirror-to-bitrix', stageId: SUCCESS });
    assert.deepEqual(second.state.lastChange, { source: 'onec', at: T2 });
  });

  it('accepts two changes from the same system at the same instant in arrival order', () => {
    const first = applyStatusChange(fresh(), b24(PREP, T1), map).state;
    const second = applyStatusChange(first, b24(CLIENT, T1), map);
    assert.deepEqual(second.decision, { kind: 'mirror-to-onec', status: 'ОжидаетУточнения' });
  });

  it('does not order by a naive 1C local time (its zone is unknown here) and does not record it', () => {
    const first = applyStatusChange(fresh(), b24(PREP, T1), map).state;
    const r = applyStatusChange(first, onec('Завершена', '2025-01-13T10:20:04'), map);
    assert.deepEqual(r.decision, { kind: 'mirror-to-bitrix', stageId: SUCCESS });
    assert.deepEqual(r.state.lastChange, { source: 'bitrix24', at: T1 });
  });

  it('applies changes with an unparseable time in arrival order and keeps the last good time', () => {
    const first = applyStatusChange(fresh(), b24(PREP, T1), map).state;
    const r = applyStatusChange(first, onec('Завершена', 'not a date'), map);
    assert.deepEqual(r.decision, { kind: 'mirror-to-bitrix', stageId: SUCCESS });
    assert.deepEqual(r.state.lastChange, { source: 'bitrix24', at: T1 });
  });
});

describe('applyStatusChange: unchanged and unmapped', () => {
  it('reports a change to the value we already have as unchanged and does not move lastChange', () => {
    const applied = applyStatusChange(fresh(), onec('ВРаботе', T1), map);
    const consumed = applyStatusChange(applied.state, b24(PREP, T1), map).state; // echo
    const r = applyStatusChange(consumed, b24(PREP, T2), map);
    assert.deepEqual(r.decision, { kind: 'unchanged' });
    assert.deepEqual(r.state.lastChange, { source: 'onec', at: T1 });
    // …so a 1C change made between T1 and T2 is still applied.
    const between = applyStatusChange(r.state, onec('Завершена', '2025-01-13T07:25:00Z'), map);
    assert.deepEqual(between.decision, { kind: 'mirror-to-bitrix', stageId: SUCCESS });
  });

  it('reports unmapped stages and statuses without touching state', () => {
    const state = fresh();
    const stage = applyStatusChange(state, b24('DT1038_12:NEW', T1), map);
    assert.deepEqual(stage.decision, { kind: 'unmapped', value: 'DT1038_12:NEW' });
    assert.equal(stage.state, state);
    const status = applyStatusChange(state, onec('Архив', T1), map);
    assert.deepEqual(status.decision, { kind: 'unmapped', value: 'Архив' });
  });
});

describe('applyStatusChange: conflicts at the same instant', () => {
  it('1C wins when its change arrives second: applied and mirrored to Bitrix24', () => {
    const b = applyStatusChange(fresh(), b24(PREP, T1_MSK), map).state;
    const r = applyStatusChange(b, onec('Отменена', T1), map);
    assert.deepEqual(r.decision, {
      kind: 'conflict',
      winner: 'onec',
      rejected: { source: 'bitrix24', value: PREP },
      resolution: { kind: 'mirror-to-bitrix', stageId: 'DT1038_10:FAIL' },
    });
    assert.equal(r.state.status, 'Отменена');
    assert.equal(r.state.stageId, 'DT1038_10:FAIL');
    assert.deepEqual(r.state.expectedEchoes, [{ system: 'bitrix24', value: 'DT1038_10:FAIL' }]);
  });

  it('1C wins when its change arrived first: the Bitrix24 change is rejected and overwritten', () => {
    const o = applyStatusChange(fresh(), onec('ВРаботе', T1), map).state;
    const consumed = { ...o, expectedEchoes: [] };
    const r = applyStatusChange(consumed, b24(CLIENT, T1_MSK), map);
    assert.deepEqual(r.decision, {
      kind: 'conflict',
      winner: 'onec',
      rejected: { source: 'bitrix24', value: CLIENT },
      resolution: { kind: 'mirror-to-bitrix', stageId: PREP },
    });
    assert.equal(r.state.status, 'ВРаботе');
    assert.equal(r.state.stageId, PREP);
    assert.deepEqual(r.state.lastChange, { source: 'onec', at: T1 });
    assert.deepEqual(r.state.expectedEchoes, [{ system: 'bitrix24', value: PREP }]);
  });

  it('the winner is configurable', () => {
    const o = { ...applyStatusChange(fresh(), onec('ВРаботе', T1), map).state, expectedEchoes: [] };
    const r = applyStatusChange(o, b24(CLIENT, T1), map, { conflictWinner: 'bitrix24' });
    assert.deepEqual(r.decision, {
      kind: 'conflict',
      winner: 'bitrix24',
      rejected: { source: 'onec', value: 'ВРаботе' },
      resolution: { kind: 'mirror-to-onec', status: 'ОжидаетУточнения' },
    });
    const b = { ...applyStatusChange(fresh(), b24(PREP, T1), map).state, expectedEchoes: [] };
    const lost = applyStatusChange(b, onec('Отменена', T1), map, { conflictWinner: 'bitrix24' });
    assert.deepEqual(lost.decision, {
      kind: 'conflict',
      winner: 'bitrix24',
      rejected: { source: 'onec', value: 'Отменена' },
      resolution: { kind: 'mirror-to-onec', status: 'ВРаботе' },
    });
    assert.equal(lost.state.status, 'ВРаботе');
  });

  it('is no conflict when both systems agree at that instant', () => {
    const b = { ...applyStatusChange(fresh(), b24(PREP, T1), map).state, expectedEchoes: [] };
    assert.deepEqual(applyStatusChange(b, onec('ВРаботе', T1), map).decision, { kind: 'unchanged' });
  });

  it('is deterministic: same inputs, same outputs', () => {
    const b = applyStatusChange(fresh(), b24(PREP, T1), map).state;
    assert.deepEqual(
      applyStatusChange(b, onec('Отменена', T1), map),
      applyStatusChange(b, onec('Отменена', T1), map),
    );
  });
});

describe('readInstant: a status read, not reported', () => {
  it('is one millisecond before the whole second in which the read began', () => {
    assert.equal(readInstant(Date.parse('2025-01-13T07:20:05.730Z')), '2025-01-13T07:20:04.999Z');
    assert.equal(readInstant(Date.parse('2025-01-13T07:20:05.000Z')), '2025-01-13T07:20:04.999Z');
  });

  it('never undoes a 1C change made in the same second after the read, in either order', () => {
    const readAt = Date.parse('2025-01-13T07:20:05.730Z');
    const read = onec('Новая', readInstant(readAt));
    // 1C stamps the change made at 07:20:05.900 with its whole second.
    const change = onec('ВРаботе', '2025-01-13T07:20:05Z');
    const readLast = applyStatusChange(applyStatusChange(fresh(), change, map).state, read, map);
    assert.deepEqual(readLast.decision, { kind: 'stale' });
    const changeLast = applyStatusChange(applyStatusChange(fresh(), read, map).state, change, map);
    assert.deepEqual(changeLast.decision, { kind: 'mirror-to-bitrix', stageId: PREP });
  });
});

describe('applyStatusChange: our own writes', () => {
  /** 1C moved to «В работе» at T1 (07:20:05) and we wrote the stage to Bitrix24, which stamped it 07:20:07. */
  const mirrored = () =>
    recordWrite(
      { ...applyStatusChange(fresh(), onec('ВРаботе', T1), map).state, expectedEchoes: [] },
      'bitrix24',
      '2025-01-13T10:20:07+03:00',
    );

  it('a 1C change made while our write to Bitrix24 was under way is applied, though stamped before it', () => {
    const r = applyStatusChange(mirrored(), onec('ОжидаетУточнения', '2025-01-13T07:20:06Z'), map);
    assert.deepEqual(r.decision, { kind: 'mirror-to-bitrix', stageId: CLIENT });
  });

  it('a 1C change older than the one our write carried is still stale', () => {
    const r = applyStatusChange(mirrored(), onec('ОжидаетУточнения', T0), map);
    assert.deepEqual(r.decision, { kind: 'stale' });
  });

  it('a Bitrix24 change before our write to Bitrix24 is stale; one in its second or after is applied', () => {
    const before = applyStatusChange(mirrored(), b24(CLIENT, '2025-01-13T10:20:06+03:00'), map);
    assert.deepEqual(before.decision, { kind: 'stale' });
    const same = applyStatusChange(mirrored(), b24(CLIENT, '2025-01-13T10:20:07+03:00'), map);
    assert.deepEqual(same.decision, { kind: 'mirror-to-onec', status: 'ОжидаетУточнения' });
  });

  it('the other way: a Bitrix24 change made while our write to 1C was under way is applied', () => {
    const wrote = recordWrite(
      { ...applyStatusChange(fresh(), b24(PREP, T1_MSK), map).state, expectedEchoes: [] },
      'onec',
      '2025-01-13T07:20:08Z',
    );
    const r = applyStatusChange(wrote, b24(CLIENT, '2025-01-13T10:20:06+03:00'), map);
    assert.deepEqual(r.decision, { kind: 'mirror-to-onec', status: 'ОжидаетУточнения' });
    const older1C = applyStatusChange(wrote, onec('Отменена', '2025-01-13T07:20:07Z'), map);
    assert.deepEqual(
      older1C.decision,
      { kind: 'stale' },
      'a 1C change before our write to 1C was overwritten',
    );
  });
});
