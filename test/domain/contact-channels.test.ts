import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseEmail, normalisePhone, validEmails, validPhones } from '../../domain/contact-channels';

describe('normalisePhone', () => {
  it('brings every usual Russian spelling to +7XXXXXXXXXX', () => {
    for (const raw of [
      '8 (916) 123-45-67',
      '+7 916 1234567',
      '9161234567',
      '+7(916)123-45-67',
      '79161234567',
      ' 8-916-123-45-67 ',
      '8.916.123.45.67',
      '0079161234567',
    ]) {
      assert.equal(normalisePhone(raw), '+79161234567', raw);
    }
  });

  it('keeps other international numbers written with + or 00', () => {
    assert.equal(normalisePhone('+49 30 1234567'), '+49301234567');
    assert.equal(normalisePhone('00 375 29 123 45 67'), '+375291234567');
  });

  it('accepts geographic and toll-free Russian numbers, not only mobile ones', () => {
    assert.equal(normalisePhone('(812) 123-45-67'), '+78121234567');
    assert.equal(normalisePhone('8 800 555-35-35'), '+78005553535');
    assert.equal(normalisePhone('8 (495) 000-00-00'), '+74950000000');
  });

  it('rejects too short, too long, letters and empty input', () => {
    for (const raw of [
      '',
      '   ',
      '12345',
      '+7 916 123 45',
      '+7 916 123 45 678',
      '1161234567',
      '5161234567',
      '+7 116 123 45 67',
      '+1234567',
      '+1234567890123456',
      '8 916 123-45-67 доб. 12',
      'abc',
      '0161234567',
    ]) {
      assert.equal(normalisePhone(raw), null, raw);
    }
  });
});

describe('normaliseEmail', () => {
  it('trims and lower-cases valid addresses', () => {
    assert.equal(normaliseEmail('  Info@Romashka.RU '), 'info@romashka.ru');
    assert.equal(normaliseEmail('ivan.petrov+req@mail.example.com'), 'ivan.petrov+req@mail.example.com');
    assert.equal(normaliseEmail('ИНФО@Ромашка.РФ'), 'инфо@ромашка.рф');
  });

  it('rejects malformed addresses', () => {
    for (const raw of [
      '',
      'info',
      'info@',
      '@romashka.ru',
      'info@romashka',
      'in fo@romashka.ru',
      'a@@b.ru',
      'a@b..ru',
      '.a@b.ru',
      'a..b@c.ru',
      'a@-b.ru',
      `${'x'.repeat(96)}@b.ru`,
    ]) {
      assert.equal(normaliseEmail(raw), null, raw);
    }
  });
});

describe('validPhones / validEmails', () => {
  it('drop invalid values and duplicates, keep order', () => {
    assert.deepEqual(validPhones(['bad', '8 916 123-45-67', '+79161234567', '+7 495 000 00 00']), [
      '+79161234567',
      '+74950000000',
    ]);
    assert.deepEqual(validEmails(['A@b.ru', 'a@b.ru', 'nope', 'c@d.ru']), ['a@b.ru', 'c@d.ru']);
  });
});
