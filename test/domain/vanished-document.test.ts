import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { historyMessage } from '../../domain/history';
import { sameItemIncarnation } from '../../domain/item-identity';
import { cancelledStage, vanishedDocumentMessage } from '../../domain/vanished-document';

describe('vanished 1C document', () => {
  it('cancelled stage is the one mapped to «Отменена», if any', () => {
    assert.equal(
      cancelledStage([
        { stageId: 'DT1038_10:NEW', status: 'Новая' },
        { stageId: 'DT1038_10:FAIL', status: 'Отменена' },
      ]),
      'DT1038_10:FAIL',
    );
    assert.equal(cancelledStage([{ stageId: 'DT1038_10:NEW', status: 'Новая' }]), undefined);
  });

  it('tells the manager what happened and what happens next', () => {
    const cancel = vanishedDocumentMessage('000000015', 'marked', 'cancel');
    assert.match(cancel, /№ 000000015 помечен на удаление в 1С/);
    assert.match(cancel, /закрыта как отменённая/);
    const recreate = vanishedDocumentMessage('000000015', 'deleted', 'recreate');
    assert.match(recreate, /№ 000000015 удалён в 1С/);
    assert.match(recreate, /создаётся новый документ/);
  });

  it('history texts of the new steps', () => {
    assert.equal(
      historyMessage({ step: 'document-vanished', number: '000000015', how: 'deleted', policy: 'cancel' }),
      'Документ Заявка 000000015 удалён в 1С: заявка закрывается как отменённая',
    );
    assert.match(historyMessage({ step: 'cancelled', stageId: '' }), /не сопоставлена/);
    assert.match(
      historyMessage({
        step: 'superseded',
        createdTime: '2025-01-13T10:15:00+03:00',
        newCreatedTime: '2025-03-01T09:00:00+03:00',
        number: '000000015',
      }),
      /создан заново .*документ 000000015 отвязан/,
    );
  });
});

describe('item identity by creation time', () => {
  it('same instant in any notation is the same item; another instant is not', () => {
    assert.ok(sameItemIncarnation('2025-01-13T10:15:00+03:00', '2025-01-13T07:15:00Z'));
    assert.ok(!sameItemIncarnation('2025-01-13T10:15:00+03:00', '2025-03-01T09:00:00+03:00'));
  });

  it('an unknown creation time never splits a request', () => {
    assert.ok(sameItemIncarnation(undefined, '2025-01-13T10:15:00+03:00'));
    assert.ok(sameItemIncarnation('2025-01-13T10:15:00+03:00', ''));
  });
});
