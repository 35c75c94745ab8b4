import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addressLine,
  DEFAULT_OWNERSHIP,
  isEmptyPlan,
  planSync,
  type BitrixClientSide,
  type OneCCounterpartySide,
  type Ownership,
} from '../../domain/counterparty-sync';

const types = { supplierCompanyTypes: ['SUPPLIER'] };

const company = (over: Partial<BitrixClientSide> = {}): BitrixClientSide => ({
  kind: 'company',
  id: 42,
  name: 'ООО "Ромашка"',
  phones: [{ id: '7', value: '+7 916 123-45-67' }],
  emails: [{ id: '8', value: 'Info@Romashka.ru' }],
  companyType: 'CUSTOMER',
  requisite: { id: 3, presetId: 1, inn: '7707083893', kpp: '770701001' },
  legalAddress: '125009, г. Москва, ул. Тверская, д. 7',
  ...over,
});

const counterparty = (over: Partial<OneCCounterpartySide> = {}): OneCCounterpartySide => ({
  ref: '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01',
  dataVersion: 'AAAAAQAAAAA=',
  name: 'ООО "Ромашка"',
  phone: '+79161234567',
  email: 'info@romashka.ru',
  type: 'ЮридическоеЛицо',
  inn: '7707083893',
  kpp: '770701001',
  legalAddress: '125009, г. Москва, ул. Тверская, д. 7',
  ...over,
});

const plan = (b: BitrixClientSide, o: OneCCounterpartySide, own: Ownership = DEFAULT_OWNERSHIP) =>
  planSync(b, o, own, types);

describe('planSync: default ownership', () => {
  test('two sides in step (phone and e-mail in other spellings included) need no write', () => {
    assert.ok(isEmptyPlan(plan(company(), counterparty())));
  });

  test('Bitrix24 owns contact data: a new phone, name and e-mail go to 1C, normalised', () => {
    const p = plan(
      company({
        name: 'ООО "Ромашка-М"',
        phones: [{ id: '7', value: '8 (916) 000-11-22' }],
        emails: [{ id: '8', value: ' Sales@Romashka.RU ' }],
      }),
      counterparty(),
    );
    assert.deepEqual(p.toOneC, {
      Description: 'ООО "Ромашка-М"',
      Телефон: '+79160001122',
      Email: 'sales@romashka.ru',
    });
    assert.deepEqual(p.toBitrix, {});
    assert.deepEqual(
      p.onecChanges.map((c) => c.field),
      ['name', 'phone', 'email'],
    );
  });

  test("1C's one phone being any of the client's phones is in step; a spelling is canonicalised", () => {
    const phones = [
      { id: '1', value: '+7 495 765-43-21' },
      { id: '2', value: '+7 916 123-45-67' },
    ];
    assert.ok(isEmptyPlan(plan(company({ phones }), counterparty())));
    assert.deepEqual(plan(company({ phones }), counterparty({ phone: '8 916 123 45 67' })).toOneC, {
      Телефон: '+79161234567',
    });
  });

  test('a blank owner value never erases the other side', () => {
    const p = plan(company({ name: ' ', phones: [], emails: [] }), counterparty());
    assert.ok(isEmptyPlan(p));
    assert.ok(isEmptyPlan(plan(company(), counterparty({ inn: '', legalAddress: '' }))));
  });

  test('client type follows the company type; a contact is always a person', () => {
    assert.deepEqual(plan(company({ companyType: 'SUPPLIER' }), counterparty()).toOneC, {
      ТипКонтрагента: 'Поставщик',
    });
    const contact = company({ kind: 'contact', companyType: '', requisite: null, legalAddress: null });
    assert.deepEqual(plan(contact, counterparty({ type: 'ЮридическоеЛицо' })).toOneC, {
      ТипКонтрагента: 'ФизическоеЛицо',
    });
  });

  test('1C owns INN and legal address: they go to the requisite, with the preset kind by INN length', () => {
    const legal = plan(company(), counterparty({ inn: '7701000548', legalAddress: '101000, Москва' }));
    assert.deepEqual(legal.toBitrix, {
      requisite: { inn: '7701000548', kind: 'legal', name: 'ООО "Ромашка"' },
      legalAddress: '101000, Москва',
    });
    assert.deepEqual(legal.toOneC, {});
    const proprietor = plan(company(), counterparty({ inn: '770100183714' }));
    assert.equal(proprietor.toBitrix.requisite?.kind, 'individual');
  });

  test('an INN failing the checksum is never carried', () => {
    assert.ok(isEmptyPlan(plan(company(), counterparty({ inn: '7701000549' }))));
  });

  test('a legal address needs a requisite: none and no INN to make one → nothing', () => {
    const noRequisite = company({ requisite: null, legalAddress: null });
    assert.ok(isEmptyPlan(plan(noRequisite, counterparty({ inn: '', legalAddress: 'Москва' }))));
    const withInn = plan(noRequisite, counterparty({ legalAddress: 'Москва' }));
    assert.equal(withInn.toBitrix.requisite?.inn, '7707083893');
    assert.equal(withInn.toBitrix.legalAddress, 'Москва');
  });

  test('contacts have no requisite of ours: INN and address stay out', () => {
    const contact = company({ kind: 'contact', companyType: '', requisite: null, legalAddress: null });
    const p = plan(contact, counterparty({ type: 'ФизическоеЛицо', inn: '770100183714' }));
    assert.ok(isEmptyPlan(p));
  });
});

describe('planSync: ownership reversed by configuration', () => {
  const reversed: Ownership = {
    name: 'onec',
    phone: 'onec',
    email: 'onec',
    clientType: 'onec',
    inn: 'bitrix24',
    kpp: 'bitrix24',
    legalAddress: 'bitrix24',
  };

  test('1C values go to Bitrix24, replacing the first channel value instead of adding one', () => {
    const p = plan(
      company(),
      counterparty({ name: 'Ромашка', phone: '+79160001122', email: 'new@romashka.ru', type: 'Поставщик' }),
      reversed,
    );
    assert.deepEqual(p.toBitrix, {
      name: 'Ромашка',
      phone: { replaceId: '7', value: '+79160001122' },
      email: { replaceId: '8', value: 'new@romashka.ru' },
      companyType: 'SUPPLIER',
    });
    assert.deepEqual(p.toOneC, {});
  });

  test('a client without a phone gets one added', () => {
    const p = plan(company({ phones: [] }), counterparty(), reversed);
    assert.deepEqual(p.toBitrix.phone, { replaceId: null, value: '+79161234567' });
  });

  test('Bitrix24 owns INN and address: the requisite goes to 1C', () => {
    const p = plan(
      company({
        requisite: { id: 3, presetId: 1, inn: '7701001781', kpp: '695001001' },
        legalAddress: 'Тверь',
      }),
      counterparty(),
      reversed,
    );
    assert.deepEqual(p.toOneC, { ИНН: '7701001781', КПП: '695001001', ЮридическийАдрес: 'Тверь' });
  });
});

describe('planSync: KPP (1C owns it by default)', () => {
  test("a changed KPP of an organisation goes to the company's requisite, alone", () => {
    const p = plan(company(), counterparty({ kpp: '770743001' }));
    assert.deepEqual(p.toBitrix, { kpp: '770743001' });
    assert.deepEqual(p.bitrixChanges, [{ field: 'kpp', from: '770701001', to: '770743001' }]);
    assert.deepEqual(p.toOneC, {});
  });

  test('an INN and KPP changed together travel in one requisite update', () => {
    const p = plan(company(), counterparty({ inn: '7701000548', kpp: '770101001' }));
    assert.equal(p.toBitrix.requisite?.inn, '7701000548');
    assert.equal(p.toBitrix.kpp, '770101001');
  });

  test('an individual entrepreneur has no KPP: a 12-digit INN clears the one left on the requisite', () => {
    const p = plan(company(), counterparty({ inn: '770100183714', kpp: '770701001' }));
    assert.equal(p.toBitrix.requisite?.kind, 'individual');
    assert.equal(p.toBitrix.kpp, '');
  });

  test('a blank or malformed KPP in 1C never erases the requisite’s', () => {
    assert.ok(isEmptyPlan(plan(company(), counterparty({ kpp: '' }))));
    assert.ok(isEmptyPlan(plan(company(), counterparty({ kpp: '77070100' }))));
  });

  test('no requisite and no INN to make one: the KPP has nowhere to go', () => {
    const p = plan(company({ requisite: null, legalAddress: null }), counterparty({ inn: '' }));
    assert.equal(p.toBitrix.kpp, undefined);
  });

  test('a side read before KPP was synchronised (no kpp at all) changes nothing', () => {
    const old = { ...counterparty() } as Partial<OneCCounterpartySide>;
    delete old.kpp;
    const oldOwnership = { ...DEFAULT_OWNERSHIP } as Partial<Ownership>;
    delete oldOwnership.kpp;
    const p = planSync(company(), old as OneCCounterpartySide, oldOwnership as Ownership, types);
    assert.ok(isEmptyPlan(p));
  });
});

test('applying a plan leaves nothing to do: a repeated sync writes nothing', () => {
  const b = company({ phones: [{ id: '7', value: '8 916 000 11 22' }] });
  const o = counterparty({ inn: '7701000548', legalAddress: 'Москва' });
  const first = plan(b, o);
  const afterOneC = { ...o, phone: first.toOneC.Телефон ?? o.phone };
  const afterBitrix = {
    ...b,
    requisite: {
      id: 3,
      presetId: 1,
      inn: first.toBitrix.requisite?.inn ?? '',
      kpp: first.toBitrix.kpp ?? b.requisite?.kpp ?? '',
    },
    legalAddress: first.toBitrix.legalAddress ?? null,
  };
  assert.ok(isEmptyPlan(plan(afterBitrix, afterOneC)));
});

test('addressLine joins the parts Bitrix24 keeps, skipping blanks', () => {
  assert.equal(
    addressLine({ POSTAL_CODE: '125009', CITY: 'Москва', ADDRESS_1: 'ул. Тверская, д. 7', ADDRESS_2: null }),
    '125009, Москва, ул. Тверская, д. 7',
  );
  assert.equal(addressLine({ ADDRESS_1: '125009, г. Москва' }), '125009, г. Москва');
});
