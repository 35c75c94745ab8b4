import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EMPTY_REF } from '../../domain/history';
import { historyStep, requestFacts, type OneCSnapshot } from '../../domain/report/request-facts';
import { PeriodError, reportPeriod } from '../../domain/report/period';

const NEW = 'st-new';
const DONE = 'st-done';
const snapshot: OneCSnapshot = {
  documents: [
    {
      ref: 'doc-1',
      number: '000000001',
      date: '2026-03-02T10:00:00',
      counterpartyRef: 'cp-1',
      type: 'Ремонт',
      statusRef: DONE,
      responsible: 'Иванова Мария',
      bitrixItemId: '187',
    },
    {
      ref: 'doc-2',
      number: '000000002',
      date: '2026-03-03T09:30:00',
      statusRef: NEW,
      responsible: ' ',
      bitrixItemId: '',
    },
  ],
  statuses: [
    { ref: NEW, name: 'Новая', predefinedName: 'Новая' },
    { ref: DONE, name: 'Завершена', predefinedName: 'Завершена' },
  ],
  counterparties: new Map([['cp-1', 'ООО "Ромашка"']]),
  history: [
    { period: '2026-03-02T10:00:05', requestRef: EMPTY_REF, eventId: 'b24:1038:187:received' },
    { period: '2026-03-02T10:00:09', requestRef: 'doc-1', eventId: 'b24:1038:187:document-created' },
    { period: '2026-03-02T15:00:00', requestRef: 'doc-1', eventId: 'b24:1038:187:status-to-onec:7' },
    { period: '2026-03-02T18:00:00', requestRef: 'doc-1', eventId: 'b24:1038:187:status-to-bitrix:onec-9' },
    { period: '2026-03-02T18:00:01', requestRef: 'doc-1', eventId: 'b24:1038:187:completed' },
    { period: '2026-03-04T11:00:00', requestRef: 'doc-2', eventId: 'manual-row-by-a-1c-user' },
  ],
};

describe('report facts from 1C', () => {
  test('event ids the integration wrote name their step', () => {
    assert.equal(historyStep('b24:1038:187:status-to-onec:7'), 'status-to-onec');
    assert.equal(historyStep('b24:1038:187:completed'), 'completed');
    assert.equal(historyStep('something else'), undefined);
  });

  test('documents joined with statuses, names and the register (Moscow time → instants)', () => {
    const [done, fresh] = requestFacts(snapshot, ['Завершена', 'Отменена'], 'Europe/Moscow');
    assert.deepEqual(done, {
      ref: 'doc-1',
      number: '000000001',
      itemId: '187',
      createdAt: Date.parse('2026-03-02T07:00:00Z'),
      counterparty: 'ООО "Ромашка"',
      type: 'Ремонт',
      status: 'Завершена',
      final: true,
      manager: 'Иванова Мария',
      lastStatusChangeAt: Date.parse('2026-03-02T15:00:00Z'),
      completedAt: Date.parse('2026-03-02T15:00:01Z'),
    });
    assert.deepEqual(fresh, {
      ref: 'doc-2',
      number: '000000002',
      itemId: '',
      createdAt: Date.parse('2026-03-03T06:30:00Z'),
      counterparty: '(не указан)',
      type: '(не указан)',
      status: 'Новая',
      final: false,
      manager: '(не указан)',
      lastStatusChangeAt: Date.parse('2026-03-03T06:30:00Z'),
    });
  });

  test('a final status without a completion row completes at its last status change', () => {
    const noCompletion = {
      ...snapshot,
      history: snapshot.history.filter((h) => !h.eventId.endsWith('completed')),
    };
    const [done] = requestFacts(noCompletion, ['Завершена'], 'Europe/Moscow');
    assert.equal(done?.completedAt, Date.parse('2026-03-02T15:00:00Z'));
  });
});

describe('report period', () => {
  test('whole days in the base time zone, the end day included', () => {
    const p = reportPeriod('2026-01-01', '2026-12-31', 'Europe/Moscow', Date.parse('2026-06-01T00:00:00Z'));
    assert.equal(new Date(p.from).toISOString(), '2025-12-31T21:00:00.000Z');
    assert.equal(new Date(p.to).toISOString(), '2026-12-31T20:59:59.000Z');
    assert.deepEqual(p.days, { from: '2026-01-01', to: '2026-12-31' });
  });

  test('defaults: from the first of January of this year to today', () => {
    const p = reportPeriod(undefined, undefined, 'Europe/Moscow', Date.parse('2026-06-10T22:30:00Z'));
    assert.equal(new Date(p.from).toISOString(), '2025-12-31T21:00:00.000Z');
    assert.equal(new Date(p.to).toISOString(), '2026-06-11T20:59:59.000Z');
    assert.deepEqual(p.days, { from: '2026-01-01', to: '2026-06-11' });
  });

  test('bad dates and reversed periods are refused with the reason', () => {
    assert.throws(() => reportPeriod('2026-13-01', undefined, 'UTC', 0), PeriodError);
    assert.throws(() => reportPeriod('01.01.2026', undefined, 'UTC', 0), /from must be a date YYYY-MM-DD/);
    assert.throws(() => reportPeriod('2026-02-01', '2026-01-01', 'UTC', 0), /after/);
  });
});
