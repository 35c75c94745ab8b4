import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanInn, innKind, isValidInn } from '../../domain/inn';

describe('isValidInn', () => {
  it('accepts real 10-digit INNs of legal entities', () => {
    for (const inn of ['7707083893', '7830002293', '5024002119']) assert.equal(isValidInn(inn), true, inn);
  });

  it('accepts a 12-digit INN whose two check digits are right', () => {
    assert.equal(isValidInn('500100732259'), true);
  });

  it('rejects a wrong check digit in either position', () => {
    assert.equal(isValidInn('7707083894'), false);
    assert.equal(isValidInn('500100732258'), false); // 12th digit wrong
    assert.equal(isValidInn('500100732269'), false); // 11th digit wrong
  });

  it('rejects wrong lengths, non-digits, blanks and the all-zero placeholder', () => {
    for (const inn of [
      '',
      '770708389',
      '77070838931',
      ' 7707083893',
      '77O7083893',
      '0000000000',
      '000000000000',
    ]) {
      assert.equal(isValidInn(inn), false, JSON.stringify(inn));
    }
  });
});

describe('innKind', () => {
  it('classifies by length only', () => {
    assert.equal(innKind('7707083893'), 'legal');
    assert.equal(innKind('500100732259'), 'individual');
    assert.equal(innKind('12345'), null);
    assert.equal(innKind('12345678901a'), null);
  });
});

describe('cleanInn', () => {
  it('trims and maps blank to null', () => {
    assert.equal(cleanInn(' 7707083893 '), '7707083893');
    assert.equal(cleanInn('   '), null);
    assert.equal(cleanInn(undefined), null);
  });
});
