import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  attachedRecord,
  EMPTY_REF,
  EVENT_ID_LENGTH,
  historyEventId,
  historyEventPrefix,
  historyMessage,
  historyRecord,
  type HistoryEvent,
} from '../../domain/history';

const DOC = '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01';
const CP = '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01';

describe('historyEventId', () => {
  it('is deterministic per step and item', () => {
    assert.equal(historyEventId(1038, 187, 'document-created'), 'b24:1038:187:document-created');
    assert.equal(
      historyEventId(1038, 187, 'document-created'),
      historyEventId(1038, 187, 'document-created'),
    );
    assert.notEqual(
      historyEventId(1038, 187, 'document-created'),
      historyEventId(1038, 188, 'document-created'),
    );
  });

  it('adds the discriminator of repeatable steps and ignores an empty one', () => {
    assert.equal(historyEventId(1038, 187, 'status-to-onec', 'ev7'), 'b24:1038:187:status-to-onec:ev7');
    assert.equal(historyEventId(1038, 187, 'error', ''), 'b24:1038:187:error');
  });

  it('fits 64 characters, keeping distinct long ids distinct', () => {
    const a = historyEventId(1038, 187, 'status-to-bitrix', '0b6f0c7e-d1c5-11ef-8a3b-0050569f2e01');
    const b = historyEventId(1038, 187, 'status-to-bitrix', '0b6f0c7e-d1c5-11ef-8a3b-0050569f2e02');
    assert.equal(a.length, EVENT_ID_LENGTH);
    assert.equal(b.length, EVENT_ID_LENGTH);
    assert.notEqual(a, b);
    assert.ok(a.startsWith('b24:1038:187:status-to-bitrix:'));
    assert.equal(a, historyEventId(1038, 187, 'status-to-bitrix', '0b6f0c7e-d1c5-11ef-8a3b-0050569f2e01'));
  });
});

describe('historyRecord', () => {
  it('builds the register body with defaults derived from the step', () => {
    const record = historyRecord({
      entityTypeId: 1038,
      itemId: 187,
      step: 'document-created',
      requestRef: DOC,
      counterpartyRef: CP,
      message: historyMessage({ step: 'document-created', number: '000000015' }),
      period: '2025-01-13T10:15:42',
    });
    assert.deepEqual(record, {
      Period: '2025-01-13T10:15:42',
      Заявка_Key: DOC,
      Контрагент_Key: CP,
      ИдСобытия: 'b24:1038:187:document-created',
      ТипВзаимодействия: 'ОбменДанными',
      Направление: 'Входящее',
      Статус: 'Успешно',
      Сообщение: 'Создан документ Заявка 000000015',
    });
  });

  it('uses the empty reference before the document or counterparty exist, and honours overrides', () => {
    const record = historyRecord({
      entityTypeId: 1038,
      itemId: 187,
      step: 'status-to-bitrix',
      requestRef: null,
      counterpartyRef: null,
      eventId: 'e1',
      direction: 'Входящее',
      status: 'Ошибка',
      message: 'x',
      period: '2025-01-13T10:15:42',
      interactionType: 'Уведомление',
    });
    assert.equal(record.Заявка_Key, EMPTY_REF);
    assert.equal(record.Контрагент_Key, EMPTY_REF);
    assert.equal(record.Направление, 'Входящее');
    assert.equal(record.Статус, 'Ошибка');
    assert.equal(record.ТипВзаимодействия, 'Уведомление');
    assert.equal(record.ИдСобытия, 'b24:1038:187:status-to-bitrix:e1');
  });

  it('marks failures as errors and outbound status writes as outgoing by default', () => {
    const base = {
      entityTypeId: 1038,
      itemId: 1,
      requestRef: DOC,
      counterpartyRef: CP,
      message: 'm',
      period: '2025-01-13T10:15:42',
    };
    assert.equal(historyRecord({ ...base, step: 'validation-failed' }).Статус, 'Ошибка');
    assert.equal(historyRecord({ ...base, step: 'error' }).Статус, 'Ошибка');
    assert.equal(historyRecord({ ...base, step: 'received' }).Статус, 'ВОбработке');
    assert.equal(historyRecord({ ...base, step: 'status-to-bitrix' }).Направление, 'Исходящее');
  });

  it('rejects a period that is not a naive 1C date-time', () => {
    const base = {
      entityTypeId: 1038,
      itemId: 1,
      step: 'received' as const,
      requestRef: DOC,
      counterpartyRef: CP,
      message: 'm',
    };
    assert.throws(() => historyRecord({ ...base, period: '2025-01-13T07:15:42Z' }), RangeError);
  });
});

describe('historyMessage', () => {
  it('has a Russian text for every step', () => {
    const events: HistoryEvent[] = [
      { step: 'received', title: 'Касса' },
      { step: 'validated', requestType: 'Ремонт' },
      { step: 'validation-failed', problems: [{ field: 'description', message: 'Заполните описание.' }] },
      { step: 'counterparty-found', name: 'Ромашка', rule: 'inn', value: '7707083893' },
      { step: 'counterparty-created', name: 'Ромашка' },
      { step: 'counterparty-updated', fields: ['Телефон', 'Email'] },
      { step: 'document-created', number: '000000015' },
      { step: 'document-posted', number: '000000015' },
      { step: 'status-to-bitrix', status: 'ВРаботе', stageId: 'DT1038_10:PREPARATION' },
      { step: 'status-to-onec', stageId: 'DT1038_10:CLIENT', status: 'ОжидаетУточнения' },
      { step: 'conflict', winner: 'onec', kept: 'Отменена', rejected: 'DT1038_10:PREPARATION' },
      { step: 'error', action: 'Создание документа', error: 'timeout' },
    ];
    const texts = events.map(historyMessage);
    for (const text of texts) assert.match(text, /[А-Яа-я]{3,}/);
    assert.equal(new Set(texts).size, texts.length);
    assert.match(texts[3] ?? '', /по ИНН \(7707083893\)/);
    assert.match(texts[10] ?? '', /1С «Отменена»/);
  });
});

describe('rows written before the document', () => {
  it('the prefix of one request never matches another item', () => {
    assert.equal(historyEventPrefix(1038, 18), 'b24:1038:18:');
    assert.ok(!historyEventId(1038, 187, 'received').startsWith(historyEventPrefix(1038, 18)));
    assert.ok(historyEventId(1038, 18, 'received').startsWith(historyEventPrefix(1038, 18)));
  });

  it('attached: the document key, the counterparty filled only when missing, the rest unchanged', () => {
    const row = {
      Period: '2026-03-02T10:00:05',
      Заявка_Key: EMPTY_REF,
      Контрагент_Key: EMPTY_REF,
      ИдСобытия: 'b24:1038:18:received',
      ТипВзаимодействия: 'ОбменДанными' as const,
      Направление: 'Входящее' as const,
      Статус: 'ВОбработке' as const,
      Сообщение: 'Получена заявка',
    };
    assert.deepEqual(attachedRecord(row, 'doc', 'cp'), { ...row, Заявка_Key: 'doc', Контрагент_Key: 'cp' });
    const found = { ...row, Контрагент_Key: 'cp-old' };
    assert.equal(attachedRecord(found, 'doc', 'cp').Контрагент_Key, 'cp-old');
    assert.equal(attachedRecord(row, 'doc', null).Контрагент_Key, EMPTY_REF);
  });
});
