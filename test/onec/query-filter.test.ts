import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFilter, ODataError } from '../../sandbox/onec/query';
import { context, requestRows } from './query-fixture';

const ctx = context();

/** Numbers of the fixture requests matching the filter, in store order. */
function numbers(filter: string): string[] {
  const predicate = compileFilter(filter, ctx);
  return requestRows()
    .filter(predicate)
    .map((row) => String(row.Number));
}

function rejects(filter: string, code: string, status = 400): void {
  assert.throws(
    () => compileFilter(filter, ctx),
    (error: unknown) => error instanceof ODataError && error.code === code && error.httpStatus === status,
    `${filter} should fail with ${code}`,
  );
}

const ALL = ['000000015', '000000016', '000000017'];

describe('$filter operators', () => {
  it('compares with eq ne gt ge lt le', () => {
    assert.deepEqual(numbers("Number eq '000000016'"), ['000000016']);
    assert.deepEqual(numbers("Number ne '000000016'"), ['000000015', '000000017']);
    assert.deepEqual(numbers('Сумма gt 0'), ['000000015']);
    assert.deepEqual(numbers('Сумма ge 0'), ['000000015', '000000016']);
    assert.deepEqual(numbers('Сумма lt 0'), ['000000017']);
    assert.deepEqual(numbers('Сумма le 0'), ['000000016', '000000017']);
  });

  it('combines with and, or, not and parentheses', () => {
    assert.deepEqual(numbers('Posted eq false and DeletionMark eq false'), ['000000017']);
    assert.deepEqual(numbers('Posted eq true or DeletionMark eq true'), ['000000015', '000000016']);
    assert.deepEqual(numbers('not (Сумма eq 0)'), ['000000015', '000000017']);
    assert.deepEqual(numbers('(Сумма add 5) gt 10'), ['000000015']);
  });

  it('does arithmetic with add sub mul div and unary minus', () => {
    assert.deepEqual(numbers('Сумма add 0.5 eq 1501'), ['000000015']);
    assert.deepEqual(numbers('Сумма sub 1 eq -21.5'), ['000000017']);
    assert.deepEqual(numbers('Сумма mul 2 eq 3001'), ['000000015']);
    assert.deepEqual(numbers('Сумма div 2 eq 750.25'), ['000000015']);
    assert.deepEqual(numbers('-Сумма gt 0'), ['000000017']);
  });

  it('follows 1C precedence: mul > div > add > sub > comparisons > and > or', () => {
    // 10 sub (2 add 3): add binds tighter than sub in 1C's table.
    assert.deepEqual(numbers('10 sub 2 add 3 eq 5'), ALL);
    // 12 div (2 mul 3).
    assert.deepEqual(numbers('12 div 2 mul 3 eq 2'), ALL);
    assert.deepEqual(numbers('2 add 3 mul 4 eq 14'), ALL);
    // gt binds tighter than eq: Posted eq (1 gt 0).
    assert.deepEqual(numbers('Posted eq 1 gt 0'), ['000000015']);
    // and binds tighter than or.
    assert.deepEqual(numbers("Number eq '000000017' or Posted eq true and DeletionMark eq true"), [
      '000000017',
    ]);
    // not binds tighter than eq: (not Posted) eq false.
    assert.deepEqual(numbers('not Posted eq false'), ['000000015']);
    // unary minus binds tighter than mul.
    assert.deepEqual(numbers('-2 mul 3 eq -6'), ALL);
  });

  it('accepts a bare boolean property or function as the whole filter', () => {
    assert.deepEqual(numbers('Posted'), ['000000015']);
    assert.deepEqual(numbers('not Posted'), ['000000016', '000000017']);
    assert.deepEqual(numbers("startswith(ТипЗаявки, 'Рем')"), ['000000015']);
    assert.deepEqual(numbers("startswith(ТипЗаявки, 'Рем') eq true"), ['000000015']);
  });

  it('navigates references with /', () => {
    assert.deepEqual(numbers("Контрагент/ИНН eq '7707083893'"), ['000000015']);
    assert.deepEqual(numbers('Статус/Конечный eq true'), ['000000016']);
    assert.deepEqual(numbers('Статус/Порядок add 1 eq 2'), ['000000015', '000000017']);
    // An empty reference leaves everything behind it NULL.
    assert.deepEqual(numbers('Контрагент/ИНН eq null'), ['000000017']);
  });
});

describe('$filter literals and comparison semantics', () => {
  it('parses GUIDs case-insensitively', () => {
    assert.deepEqual(numbers("Контрагент_Key eq guid'5A8C3E10-D1B7-11EF-8A3B-0050569F2E01'"), ['000000015']);
    assert.deepEqual(numbers("Контрагент_Key eq GUID'5a8c3e10-d1b7-11ef-8a3b-0050569f2e01'"), ['000000015']);
    assert.deepEqual(numbers("Контрагент eq guid'5a8c3e10-d1b7-11ef-8a3b-0050569f2e01'"), ['000000015']);
    assert.deepEqual(numbers("Контрагент_Key eq guid'00000000-0000-0000-0000-000000000000'"), ['000000017']);
  });

  it('compares naive dates, with or without seconds', () => {
    assert.deepEqual(numbers("Date ge datetime'2025-01-01T00:00:00'"), ['000000015', '000000016']);
    assert.deepEqual(numbers("Date lt datetime'2025-01-13T10:15'"), ['000000017']);
    assert.deepEqual(numbers("Date eq datetime'2025-01-13T10:15'"), ['000000015']);
    rejects("Date ge datetime'2025-01-01T00:00:00Z'", '14');
    rejects("Date ge datetime'2025-02-30T00:00:00'", '14');
    rejects("Date ge datetimeoffset'2025-01-01T00:00:00Z'", '14');
  });

  it('unescapes doubled quotes and rejects a lone quote', () => {
    const counterparties = context(context().setModel('Catalog_Контрагенты'));
    const filter = compileFilter("Description eq 'Бар \"Д''Артаньян\"'", counterparties);
    assert.equal(filter({ Description: 'Бар "Д\'Артаньян"' }), true);
    assert.equal(filter({ Description: 'Бар "ДАртаньян"' }), false);
    rejects("ТипЗаявки eq 'Д'Артаньян'", '14');
    rejects("ТипЗаявки eq 'open", '14');
  });

  it('compares strings case-insensitively and ignoring trailing spaces', () => {
    assert.deepEqual(numbers("ТипЗаявки eq 'консультация'"), ['000000016']);
    assert.deepEqual(numbers("ТипЗаявки eq 'РЕМОНТ  '"), ['000000015']);
    assert.deepEqual(numbers("ТипЗаявки gt 'Л'"), ['000000015']);
  });

  it('compares Int64 strings numerically and tolerates numeric suffixes', () => {
    assert.deepEqual(numbers('Количество gt 5'), ['000000016']);
    assert.deepEqual(numbers('Количество eq 3L'), ['000000015']);
    assert.deepEqual(numbers('Сумма eq 1500.5M'), ['000000015']);
    assert.deepEqual(numbers('Сумма gt 1.5d'), ['000000015']);
    rejects('Сумма gt 15abc', '14');
  });

  it('handles null and booleans', () => {
    assert.deepEqual(numbers('Сумма ne null'), ALL);
    assert.deepEqual(numbers('Сумма eq null'), []);
    assert.deepEqual(numbers('Сумма gt null'), []);
    assert.deepEqual(numbers('Posted ne true'), ['000000016', '000000017']);
  });

  it('matches composite attributes only through cast(), as documented', () => {
    const ref = "guid'5a8c3e10-d1b7-11ef-8a3b-0050569f2e01'";
    assert.deepEqual(numbers(`Основание eq ${ref}`), []);
    assert.deepEqual(numbers(`Основание eq cast(${ref}, 'Catalog_Контрагенты')`), ['000000015']);
    assert.deepEqual(numbers(`Основание eq cast(${ref}, 'Catalog_СтатусыЗаявок')`), []);
    assert.deepEqual(numbers("isof(Основание, 'Catalog_Контрагенты')"), ['000000015']);
    assert.deepEqual(numbers("isof(Основание, 'String')"), ['000000016']);
    assert.deepEqual(numbers("cast(Основание, 'Catalog_Контрагенты')/ИНН eq '7707083893'"), ['000000015']);
  });
});
