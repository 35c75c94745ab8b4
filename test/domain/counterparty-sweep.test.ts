import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changedSinceLastSweep, ownedDigest } from '../../domain/counterparty-sweep';
import { DEFAULT_OWNERSHIP, type SyncField } from '../../domain/counterparty-sync';

const values = (over: Partial<Record<SyncField, string>> = {}): Record<SyncField, string> => ({
  name: 'ООО "Ромашка"',
  phone: '+79161234567',
  email: 'info@romashka.ru',
  clientType: 'ЮридическоеЛицо',
  inn: '7707083893',
  kpp: '770701001',
  legalAddress: 'Москва',
  ...over,
});

describe('ownedDigest', () => {
  test('changes with every value 1C owns (INN, KPP, legal address by default)', () => {
    const base = ownedDigest(values(), DEFAULT_OWNERSHIP);
    for (const over of [{ inn: '7701000548' }, { kpp: '770743001' }, { legalAddress: 'Тверь' }])
      assert.notEqual(ownedDigest(values(over), DEFAULT_OWNERSHIP), base, JSON.stringify(over));
  });

  test('ignores what Bitrix24 owns (our own writes to 1C) and the padding of fixed-length strings', () => {
    const base = ownedDigest(values(), DEFAULT_OWNERSHIP);
    assert.equal(ownedDigest(values({ phone: '+79160000000', name: 'Ромашка' }), DEFAULT_OWNERSHIP), base);
    assert.equal(ownedDigest(values({ inn: '7707083893  ' }), DEFAULT_OWNERSHIP), base);
  });

  test('follows the configured ownership', () => {
    const phoneIsOneCs = { ...DEFAULT_OWNERSHIP, phone: 'onec' as const };
    assert.notEqual(
      ownedDigest(values({ phone: '+79160000000' }), phoneIsOneCs),
      ownedDigest(values(), phoneIsOneCs),
    );
  });
});

describe('changedSinceLastSweep', () => {
  test('the first run takes the baseline and hands over nothing', () => {
    assert.deepEqual(changedSinceLastSweep(null, [{ key: '42', digest: 'a' }]), []);
  });

  test('later runs hand over changed digests and keys not seen before, not unchanged ones', () => {
    const previous = { '42': 'a', C7: 'b' };
    const current = [
      { key: '42', digest: 'a' },
      { key: 'C7', digest: 'c' },
      { key: '99', digest: 'd' },
    ];
    assert.deepEqual(changedSinceLastSweep(previous, current), ['C7', '99']);
  });
});
