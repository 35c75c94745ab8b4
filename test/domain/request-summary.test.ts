import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { phaseInWords, REQUEST_PHASES, requestDetails, requestSummary } from '../../domain/request-summary';

describe('request summary for the Temporal UI', () => {
  test('every phase has words', () => {
    for (const phase of REQUEST_PHASES) assert.ok(phaseInWords(phase).length > 3, phase);
  });

  test('summary: title, client, 1C number; item id when the title is not known yet', () => {
    const view = {
      itemId: 187,
      phase: 'syncing-status' as const,
      title: 'Не работает касса',
      problemFields: [],
    };
    assert.equal(requestSummary(view), '«Не работает касса»');
    assert.equal(
      requestSummary({ ...view, clientName: 'ООО "Ромашка"', onecNumber: '000000015' }),
      '«Не работает касса» · ООО "Ромашка" · 1С № 000000015',
    );
    assert.equal(requestSummary({ ...view, title: '' }), 'Заявка Битрикс24 №187');
  });

  test('details name the fields to fix (not the messages, which quote client data), once each', () => {
    const details = requestDetails({
      itemId: 5,
      phase: 'awaiting-fix',
      title: 'Касса',
      problemFields: ['description', 'inn', 'inn'],
    });
    assert.equal(
      details,
      [
        '**«Касса»**',
        '',
        'Состояние: Ждёт исправления менеджером',
        'Нужно исправить: описание, ИНН клиента',
        'Элемент Битрикс24: 5',
      ].join('\n'),
    );
  });

  test('details of a syncing request carry the 1C status and no list of fixes', () => {
    const details = requestDetails({
      itemId: 5,
      phase: 'syncing-status',
      title: 'Касса',
      status: 'ВРаботе',
      problemFields: ['description'],
    });
    assert.match(details, /Статус 1С: ВРаботе/);
    assert.doesNotMatch(details, /Нужно исправить/);
  });
});
