import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFilter, ODataError } from '../../sandbox/onec/query';
import { context, requestRows } from './query-fixture';

const ctx = context();
const ALL = ['000000015', '000000016', '000000017'];

function numbers(filter: string): string[] {
  const predicate = compileFilter(filter, ctx);
  return requestRows()
    .filter(predicate)
    .map((row) => String(row.Number));
}

function failsWith(filter: string, code: string): ODataError {
  let caught: unknown;
  try {
    compileFilter(filter, ctx);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ODataError, `${filter} should throw ODataError`);
  assert.equal(caught.code, code, `${filter}: ${caught.message}`);
  assert.equal(caught.httpStatus, 400);
  return caught;
}

describe('$filter string functions', () => {
  it('substringof takes the needle first and ignores case', () => {
    assert.deepEqual(numbers("substringof('РЕМ', ТипЗаявки)"), ['000000015']);
    assert.deepEqual(numbers("substringof('онт', ТипЗаявки) eq true"), ['000000015']);
    assert.deepEqual(numbers("substringof(ТипЗаявки, 'ремонт')"), ['000000015', '000000017']);
  });

  it('startswith and endswith (trailing spaces of the subject ignored)', () => {
    assert.deepEqual(numbers("startswith(Number, '0000000') eq true"), ALL);
    assert.deepEqual(numbers("endswith(Number, '16')"), ['000000016']);
    assert.deepEqual(numbers("endswith(ТипЗаявки, 'ЦИЯ')"), ['000000016']);
  });

  it('substring is 0-based with optional length', () => {
    assert.deepEqual(numbers("substring(Number, 7) eq '15'"), ['000000015']);
    assert.deepEqual(numbers("substring(Number, 6, 2) eq '01'"), ALL);
    assert.deepEqual(numbers("substring(Number, 100) eq ''"), ALL);
  });

  it('concat joins two strings', () => {
    assert.deepEqual(numbers("concat(Number, '-x') eq '000000015-x'"), ['000000015']);
    assert.deepEqual(numbers("concat(concat(ТипЗаявки, ', '), Number) eq 'Ремонт, 000000015'"), [
      '000000015',
    ]);
  });

  it('like uses 1C ПОДОБНО templates', () => {
    assert.deepEqual(numbers("like(ТипЗаявки, 'Рем%')"), ['000000015']);
    assert.deepEqual(numbers("like(ТипЗаявки, '[^р]%')"), ['000000016']);
    assert.deepEqual(numbers("like(Number, '00000001_')"), ALL);
    assert.deepEqual(numbers("like(Number, '%[5-6]')"), ['000000015', '000000016']);
    assert.deepEqual(numbers("like(Number, '000000015')"), ['000000015']);
    assert.deepEqual(numbers("like(Number, '0.0%')"), []);
  });
});

describe('$filter date functions', () => {
  it('extracts parts of a date', () => {
    assert.deepEqual(numbers('year(Date) eq 2025'), ['000000015', '000000016']);
    assert.deepEqual(numbers('month(Date) eq 2'), ['000000016']);
    assert.deepEqual(numbers('day(Date) eq 13'), ['000000015']);
    assert.deepEqual(numbers('hour(Date) eq 23 and minute(Date) eq 59 and second(Date) eq 59'), [
      '000000016',
    ]);
    assert.deepEqual(numbers('quarter(Date) eq 4'), ['000000017']);
    // 2025-01-13 is a Monday (1), 2025-02-28 a Friday (5), 2024-12-31 a Tuesday (2).
    assert.deepEqual(numbers('dayofweek(Date) eq 1'), ['000000015']);
    assert.deepEqual(numbers('dayofweek(Date) eq 5'), ['000000016']);
    assert.deepEqual(numbers('dayofyear(Date) eq 366'), ['000000017']);
  });

  it('dateadd adds units and clamps months to their last day', () => {
    assert.deepEqual(numbers("dateadd(Date, 'month', 1) eq datetime'2025-03-28T23:59:59'"), ['000000016']);
    assert.deepEqual(numbers("dateadd(Date, 'day', 1) eq datetime'2025-01-01T08:00:00'"), ['000000017']);
    assert.deepEqual(numbers("dateadd(Date, 'second', 1) eq datetime'2025-03-01T00:00:00'"), ['000000016']);
    assert.deepEqual(
      numbers("dateadd(datetime'2025-01-31T00:00:00', 'month', 1) eq datetime'2025-02-28T00:00:00'"),
      ALL,
    );
    assert.deepEqual(
      numbers("dateadd(datetime'2024-02-29T00:00:00', 'year', 1) eq datetime'2025-02-28T00:00:00'"),
      ALL,
    );
    assert.deepEqual(
      numbers("dateadd(datetime'2025-01-15T00:00:00', 'quarter', -1) eq datetime'2024-10-15T00:00:00'"),
      ALL,
    );
  });

  it('datedifference counts unit boundaries from the first date to the second', () => {
    assert.deepEqual(numbers("datedifference(Date, datetime'2025-03-01T00:00:00', 'day') eq 1"), [
      '000000016',
    ]);
    assert.deepEqual(
      numbers("datedifference(datetime'2024-12-31T23:59:59', datetime'2025-01-01T00:00:00', 'year') eq 1"),
      ALL,
    );
    assert.deepEqual(
      numbers("datedifference(datetime'2025-01-01T00:00:00', datetime'2025-01-01T01:30:00', 'minute') eq 90"),
      ALL,
    );
    assert.deepEqual(
      numbers("datedifference(datetime'2025-03-01T00:00:00', datetime'2025-01-31T00:00:00', 'month') eq -2"),
      ALL,
    );
    assert.deepEqual(
      numbers("datedifference(datetime'2025-01-01T00:00:00', datetime'2025-12-31T00:00:00', 'quarter') eq 3"),
      ALL,
    );
  });
});

describe('$filter other functions', () => {
  it('round goes half away from zero', () => {
    assert.deepEqual(numbers('round(Сумма) eq 1501'), ['000000015']);
    assert.deepEqual(numbers('round(Сумма) eq -21'), ['000000017']);
  });

  it('cast converts between primitive types', () => {
    assert.deepEqual(numbers("cast(Количество, 'String') eq '12'"), ['000000016']);
    assert.deepEqual(numbers("cast(Number, 'Number') eq 17"), ['000000017']);
    assert.deepEqual(numbers("cast('2025-01-13T10:15:00', 'Date') eq Date"), ['000000015']);
  });

  it('isof tests value types and the entity type', () => {
    assert.deepEqual(numbers("isof(Сумма, 'Number')"), ALL);
    assert.deepEqual(numbers("isof(Number, 'Number')"), []);
    assert.deepEqual(numbers("isof('Document_Заявка')"), ALL);
    assert.deepEqual(numbers("isof(Контрагент, 'Catalog_Контрагенты')"), ALL);
  });

  it('lambdas any/all over tabular sections', () => {
    assert.deepEqual(numbers('Товары/any(d: d/Цена gt 10000)'), ['000000015']);
    assert.deepEqual(numbers('Товары/all(d: d/Цена lt 1000)'), ['000000016', '000000017']);
    assert.deepEqual(numbers('Товары/any()'), ['000000015', '000000016']);
    assert.deepEqual(numbers("Товары/any(d: d/Товар eq 'чек' and Posted eq false)"), ['000000016']);
    assert.deepEqual(numbers('Товары/any(d: d/LineNumber eq 2)'), ['000000015']);
  });
});

describe('$filter function errors', () => {
  it('rejects documented unsupported functions with code 21', () => {
    for (const call of [
      'length(Number) eq 9',
      'indexof(Number, 1) eq 1',
      "replace(Number, '0', '1') eq ''",
      "tolower(Number) eq ''",
      "toupper(Number) eq ''",
      "trim(Number) eq ''",
      'floor(Сумма) eq 1',
      'ceiling(Сумма) eq 1',
      'years(Date) eq 1',
      'days(Date) eq 1',
      'hours(Date) eq 1',
      'seconds(Date) eq 1',
    ]) {
      failsWith(call, '21');
    }
  });

  it('rejects wrong arity and argument types with code 21', () => {
    failsWith('startswith(Number) eq true', '21');
    failsWith("substring(Number, 1, 2, 3) eq ''", '21');
    failsWith("concat('a', 'b', 'c') eq 'abc'", '21');
    failsWith('year(Number) eq 2025', '21');
    failsWith("startswith(Сумма, '1')", '21');
    failsWith("dateadd(Date, 'week', 1) eq Date", '21');
    failsWith("datedifference(Date, Date, 'fortnight') eq 0", '21');
    failsWith("like(Number, '[abc')", '21');
    failsWith("cast(Number, 'Catalog_Нет') eq null", '21');
    failsWith('Товары/all()', '21');
    failsWith('Number/any()', '21');
    failsWith("Сумма add 'x' eq 1", '21');
    failsWith('Posted and Сумма', '21');
  });

  it('answers a misspelled or unknown function with code 14 and 1C message', () => {
    const error = failsWith("startwith(Number, '0') eq true", '14');
    assert.equal(error.message, 'Error parsing $filter query option');
    failsWith("contains(Number, '0')", '14');
  });

  it('answers syntax errors with code 14', () => {
    for (const bad of [
      '',
      '   ',
      'Number eq',
      '(Number eq 1',
      'Number eq 1)',
      "Number in ('1', '2')",
      "Number+eq+'000000015'",
      "Number eq X'00'",
      'Number eq eq 1',
      'Number',
      "Number eq '1' and",
      'Товары/any(d d/Цена gt 1)',
      'Товары/any(d: d/Цена gt 1, 2)',
    ]) {
      failsWith(bad, '14');
    }
  });

  it('answers unknown properties with code 10', () => {
    failsWith('Нет eq 1', '10');
    failsWith("Контрагент/Нет eq '1'", '10');
    failsWith("Number/Length eq '1'", '10');
    failsWith('Товары/any(d: d/Нет eq 1)', '10');
  });

  it('bounds nesting depth without a stack overflow', () => {
    failsWith(`${'('.repeat(5000)}Posted${')'.repeat(5000)}`, '14');
    failsWith(`${'not '.repeat(5000)}Posted`, '14');
    failsWith('x'.repeat(40_000), '14');
  });

  it('reports division by zero per row as a 1C query failure', () => {
    const predicate = compileFilter('Сумма div 0 eq 1', ctx);
    assert.throws(
      () => requestRows().filter(predicate),
      (e: unknown) => e instanceof ODataError && e.httpStatus === 500 && e.code === '-1',
    );
  });
});
