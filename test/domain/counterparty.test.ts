import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  bitrixClientKey,
  counterpartyDraft,
  counterpartyTypeFor,
  fillMissing,
  matchCriteria,
} from '../../domain/counterparty';
import { company } from './fixtures';

const mapping = { supplierCompanyTypes: ['SUPPLIER'] };
const contact = company({ kind: 'contact', id: 42, name: 'Петров Иван', inn: undefined, typeId: 'CLIENT' });

describe('bitrixClientKey', () => {
  it('keeps companies bare and prefixes contacts so ids never collide', () => {
    assert.equal(bitrixClientKey({ kind: 'company', id: 42 }), '42');
    assert.equal(bitrixClientKey({ kind: 'contact', id: 42 }), 'C42');
    assert.ok(bitrixClientKey({ kind: 'contact', id: 2 ** 53 - 1 }).length <= 20);
  });
});

describe('counterpartyTypeFor', () => {
  it('maps companies, suppliers and contacts', () => {
    assert.equal(counterpartyTypeFor({ kind: 'company', typeId: 'CUSTOMER' }, mapping), 'ЮридическоеЛицо');
    assert.equal(counterpartyTypeFor({ kind: 'company' }, mapping), 'ЮридическоеЛицо');
    assert.equal(counterpartyTypeFor({ kind: 'company', typeId: 'SUPPLIER' }, mapping), 'Поставщик');
    assert.equal(counterpartyTypeFor({ kind: 'contact', typeId: 'SUPPLIER' }, mapping), 'ФизическоеЛицо');
    assert.equal(
      counterpartyTypeFor({ kind: 'company', typeId: 'SUPPLIER' }, { supplierCompanyTypes: [] }),
      'ЮридическоеЛицо',
    );
  });
});

describe('counterpartyDraft', () => {
  it('builds the 1C fields with normalised channels', () => {
    assert.deepEqual(counterpartyDraft(company(), mapping), {
      Description: 'ООО "Ромашка"',
      ИНН: '7707083893',
      Телефон: '+79161234567',
      Email: 'info@romashka.ru',
      ТипКонтрагента: 'ЮридическоеЛицо',
      ИдКомпанииБитрикс24: '42',
    });
  });

  it('uses the first valid channel, leaves bad INN and missing data blank, truncates long names', () => {
    const draft = counterpartyDraft(
      company({
        name: ` ${'Я'.repeat(200)} `,
        phones: ['x', '+7 495 000 00 00'],
        emails: [],
        inn: '7707083894',
      }),
      mapping,
    );
    assert.equal(draft.Телефон, '+74950000000');
    assert.equal(draft.Email, '');
    assert.equal(draft.ИНН, '');
    assert.equal(draft.Description.length, 150);
  });

  it('keys a contact with the C prefix', () => {
    const draft = counterpartyDraft(contact, mapping);
    assert.equal(draft.ИдКомпанииБитрикс24, 'C42');
    assert.equal(draft.ТипКонтрагента, 'ФизическоеЛицо');
    assert.equal(draft.ИНН, '');
  });
});

describe('fillMissing', () => {
  const draft = counterpartyDraft(company(), mapping);

  it('never overwrites a filled 1C value', () => {
    const existing = {
      Description: 'Ромашка ООО',
      ИНН: '7830002293',
      Телефон: '+74950000000',
      Email: 'buh@romashka.ru',
      ТипКонтрагента: 'Поставщик',
      ИдКомпанииБитрикс24: '42',
      ЮридическийАдрес: 'Москва',
    };
    assert.deepEqual(fillMissing(existing, draft), {});
  });

  it('fills only blanks, treating space-padded 1C strings as blank', () => {
    const existing = {
      Description: 'Ромашка',
      ИНН: '            ',
      Телефон: '',
      Email: 'buh@romashka.ru',
      ТипКонтрагента: '',
      ИдКомпанииБитрикс24: '',
    };
    assert.deepEqual(fillMissing(existing, draft), {
      ИНН: '7707083893',
      Телефон: '+79161234567',
      ТипКонтрагента: 'ЮридическоеЛицо',
      ИдКомпанииБитрикс24: '42',
    });
  });

  it('does not send blanks from Bitrix24', () => {
    const sparse = { ...draft, ИНН: '', Email: '', Телефон: '' };
    assert.deepEqual(
      fillMissing({ Description: 'x', ТипКонтрагента: 'ЮридическоеЛицо', ИдКомпанииБитрикс24: '42' }, sparse),
      {},
    );
  });
});

describe('matchCriteria', () => {
  it('follows the configured order and includes every valid channel', () => {
    const client = company({ phones: ['8 916 123-45-67', 'bad', '+7 495 000-00-00'], emails: ['A@b.ru'] });
    assert.deepEqual(matchCriteria(client, ['bitrixId', 'inn', 'phone', 'email']), [
      { rule: 'bitrixId', value: '42' },
      { rule: 'inn', value: '7707083893' },
      { rule: 'phone', value: '+79161234567' },
      { rule: 'phone', value: '+74950000000' },
      { rule: 'email', value: 'a@b.ru' },
    ]);
    assert.deepEqual(
      matchCriteria(client, ['email', 'inn']).map((c) => c.rule),
      ['email', 'inn'],
    );
  });

  it('skips channels the client lacks and an INN that fails the checksum', () => {
    assert.deepEqual(matchCriteria(contact, ['inn', 'bitrixId', 'phone']), [
      { rule: 'bitrixId', value: 'C42' },
      { rule: 'phone', value: '+79161234567' },
    ]);
    assert.deepEqual(
      matchCriteria(company({ inn: '1234567890', phones: [], emails: [] }), ['inn', 'phone', 'email']),
      [],
    );
  });

  it('ignores a rule listed twice', () => {
    assert.deepEqual(matchCriteria(company(), ['inn', 'inn']), [{ rule: 'inn', value: '7707083893' }]);
  });
});
