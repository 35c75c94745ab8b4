import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_REF, type HistoryRecord } from '../../domain/history';
import {
  activityEventKind,
  activityRecord,
  durationMinutes,
  interactionDirectionOf,
  interactionTarget,
  interactionTypeOf,
  isPeoplesRow,
  onecRowComment,
  onecRowMarker,
  onecRowWorkflowId,
  planActivityRows,
  type BitrixActivity,
} from '../../domain/interaction';

const DOC = '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01';
const CP = '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01';

const call: BitrixActivity = {
  id: 77,
  typeId: 2,
  providerId: 'VOXIMPLANT_CALL',
  direction: 2,
  subject: 'Согласовали выезд',
  startTime: '2026-11-30T12:00:00+03:00',
  endTime: '2026-11-30T12:05:00+03:00',
  created: '2026-11-30T12:06:00+03:00',
  completed: true,
  responsibleId: 2,
  responsibleName: 'Иванова Мария',
  bindings: [
    { entityTypeId: 1038, entityId: 187 },
    { entityTypeId: 4, entityId: 1 },
  ],
};

describe('interaction type and direction', () => {
  it('maps the classic TYPE_IDs and the providers of newer activities; to-dos are not interactions', () => {
    assert.equal(interactionTypeOf({ typeId: 2, providerId: 'VOXIMPLANT_CALL' }), 'Звонок');
    assert.equal(interactionTypeOf({ typeId: 4, providerId: 'CRM_EMAIL' }), 'ЭлектронноеПисьмо');
    assert.equal(interactionTypeOf({ typeId: 1, providerId: 'CRM_MEETING' }), 'Встреча');
    assert.equal(interactionTypeOf({ typeId: 6, providerId: 'CRM_CALL_TRACKER' }), 'Звонок');
    assert.equal(interactionTypeOf({ typeId: 6, providerId: 'CRM_TODO' }), null);
    assert.equal(interactionTypeOf({ typeId: 3, providerId: 'TASKS' }), null);
    assert.equal(interactionTypeOf({ typeId: 6, providerId: 'REST_APP' }), null);
  });

  it('takes the direction from DIRECTION; a meeting without one is the manager’s (outgoing)', () => {
    assert.equal(interactionDirectionOf({ direction: 1 }), 'Входящее');
    assert.equal(interactionDirectionOf({ direction: 2 }), 'Исходящее');
    assert.equal(interactionDirectionOf({ direction: 0 }), 'Исходящее');
  });

  it('computes a duration only where start and end make one', () => {
    assert.equal(durationMinutes(call), 5);
    assert.equal(durationMinutes({ startTime: '', endTime: '' }), null);
    assert.equal(durationMinutes({ startTime: call.endTime, endTime: call.startTime }), null);
  });

  it('knows the activity events', () => {
    assert.equal(activityEventKind('ONCRMACTIVITYADD'), 'add');
    assert.equal(activityEventKind('ONCRMACTIVITYUPDATE'), 'update');
    assert.equal(activityEventKind('ONCRMACTIVITYDELETE'), undefined);
  });
});

describe('interactionTarget', () => {
  it('prefers the request item, then a company, then a contact; ignores deals', () => {
    assert.deepEqual(interactionTarget(call.bindings, 1038), { kind: 'request', itemId: 187 });
    assert.deepEqual(
      interactionTarget(
        [
          { entityTypeId: 3, entityId: 5 },
          { entityTypeId: 4, entityId: 9 },
        ],
        1038,
      ),
      {
        kind: 'client',
        client: { kind: 'company', id: 9 },
      },
    );
    assert.deepEqual(interactionTarget([{ entityTypeId: 3, entityId: 5 }], 1038), {
      kind: 'client',
      client: { kind: 'contact', id: 5 },
    });
    assert.equal(interactionTarget([{ entityTypeId: 2, entityId: 5 }], 1038), null);
  });
});

describe('activityRecord', () => {
  const refs = { requestRef: DOC, counterpartyRef: CP };
  const target = { kind: 'request', itemId: 187 } as const;

  it('builds the row: type, direction, time in the base’s zone, duration, responsible, stable id', () => {
    const row = activityRecord({
      activity: call,
      target,
      entityTypeId: 1038,
      refs,
      timeZone: 'Europe/Moscow',
    });
    assert.deepEqual(row, {
      Period: '2026-11-30T12:00:00',
      Заявка_Key: DOC,
      Контрагент_Key: CP,
      ИдСобытия: 'b24:1038:187:activity:77',
      ТипВзаимодействия: 'Звонок',
      Направление: 'Исходящее',
      Статус: 'Успешно',
      Сообщение: 'Звонок, исходящий, 5 мин (Битрикс24): Согласовали выезд',
      Ответственный: 'Иванова Мария',
    });
  });

  it('keys a client-only activity to the counterparty alone', () => {
    const mail = {
      ...call,
      typeId: 4,
      providerId: 'CRM_EMAIL',
      direction: 1,
      completed: false,
      startTime: '',
    };
    const row = activityRecord({
      activity: mail,
      target: { kind: 'client', client: { kind: 'company', id: 1 } },
      entityTypeId: 1038,
      refs: { requestRef: null, counterpartyRef: CP },
      timeZone: 'Europe/Moscow',
    });
    assert.equal(row?.Заявка_Key, EMPTY_REF);
    assert.equal(row?.ИдСобытия, 'b24:client:activity:77');
    assert.equal(row?.Period, '2026-11-30T12:06:00', 'no start time: when it was created');
    assert.equal(row?.Сообщение, 'Письмо, входящее (Битрикс24): Согласовали выезд');
  });

  it('writes nothing for a planned call or a to-do', () => {
    const input = { target, entityTypeId: 1038, refs, timeZone: 'Europe/Moscow' };
    assert.equal(activityRecord({ ...input, activity: { ...call, completed: false } }), null);
    assert.equal(
      activityRecord({ ...input, activity: { ...call, typeId: 6, providerId: 'CRM_TODO' } }),
      null,
    );
  });
});

describe('planActivityRows', () => {
  const desired = activityRecord({
    activity: call,
    target: { kind: 'request', itemId: 187 },
    entityTypeId: 1038,
    refs: { requestRef: DOC, counterpartyRef: CP },
    timeZone: 'Europe/Moscow',
  }) as HistoryRecord;

  it('does nothing when the row is already there (a repeated event)', () => {
    assert.deepEqual(planActivityRows(desired, [desired]), { removeFirst: [], write: null, removeAfter: [] });
  });

  it('writes a new row, and replaces a stale one: same key first, other keys after', () => {
    assert.deepEqual(planActivityRows(desired, []), { removeFirst: [], write: desired, removeAfter: [] });
    const sameKey = { ...desired, Сообщение: 'старый текст' };
    assert.deepEqual(planActivityRows(desired, [sameKey]), {
      removeFirst: [sameKey],
      write: desired,
      removeAfter: [],
    });
    const moved = { ...desired, Period: '2026-11-30T11:00:00' };
    assert.deepEqual(planActivityRows(desired, [moved]), {
      removeFirst: [],
      write: desired,
      removeAfter: [moved],
    });
  });

  it('counts a row already moved under the document as current', () => {
    const early = { ...desired, Заявка_Key: EMPTY_REF, Контрагент_Key: EMPTY_REF };
    assert.deepEqual(planActivityRows(early, [desired]), { removeFirst: [], write: null, removeAfter: [] });
  });

  it('removes the rows of an activity that is no interaction any more', () => {
    assert.deepEqual(planActivityRows(null, [desired]), {
      removeFirst: [],
      write: null,
      removeAfter: [desired],
    });
  });
});

describe('rows added in 1C', () => {
  const row: HistoryRecord = {
    Period: '2026-11-30T14:05:00',
    Заявка_Key: DOC,
    Контрагент_Key: CP,
    ИдСобытия: 'звонок-1',
    ТипВзаимодействия: 'Звонок',
    Направление: 'Входящее',
    Статус: 'Успешно',
    Сообщение: 'Клиент просит ускорить',
    Ответственный: 'Петров Сергей',
  };

  it('tells people’s rows from ours by the reserved prefixes and the exchange type', () => {
    assert.equal(isPeoplesRow(row), true);
    assert.equal(isPeoplesRow({ ...row, ИдСобытия: '' }), true);
    assert.equal(isPeoplesRow({ ...row, ИдСобытия: 'b24:1038:187:activity:77' }), false);
    assert.equal(isPeoplesRow({ ...row, ИдСобытия: 'b24:1038:187:document-created' }), false);
    assert.equal(isPeoplesRow({ ...row, ИдСобытия: '1c:abc:notify-failed' }), false);
    assert.equal(isPeoplesRow({ ...row, ТипВзаимодействия: 'ОбменДанными' }), false);
  });

  it('gives one row one marker and one workflow id, whatever else changes', () => {
    const edited: HistoryRecord = { ...row, Сообщение: 'другое' };
    assert.equal(onecRowMarker(row), onecRowMarker(edited));
    assert.notEqual(onecRowMarker(row), onecRowMarker({ ...row, ИдСобытия: 'звонок-2' }));
    assert.equal(onecRowMarker(row), onecRowMarker({ ...row, Заявка_Key: DOC.toUpperCase() }));
    assert.match(onecRowWorkflowId(row), /^interaction-onec-[0-9a-f]{16}$/);
  });

  it('writes a comment a manager reads: what, when, who, then the text', () => {
    assert.equal(
      onecRowComment(row, '000000015'),
      '1С, заявка 000000015: Звонок (входящее) 30.11.2026 14:05, Петров Сергей\nКлиент просит ускорить',
    );
    assert.equal(
      onecRowComment({ ...row, Сообщение: ' ', Ответственный: '' }, '000000015'),
      '1С, заявка 000000015: Звонок (входящее) 30.11.2026 14:05',
    );
  });
});
