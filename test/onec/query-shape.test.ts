import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyExpand,
  applySelect,
  compileOrderBy,
  compileQuery,
  ODataError,
  parseExpand,
  parseQueryString,
  parseSelect,
  parseSystemOptions,
  runQuery,
} from '../../sandbox/onec/query';
import { context, DONE_STATUS, requestRows } from './query-fixture';

const ctx = context();

function ordered(orderby: string): string[] {
  return requestRows()
    .sort(compileOrderBy(orderby, ctx))
    .map((r) => String(r.Number));
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ODataError, String(error));
    return error.code;
  }
  assert.fail('expected an ODataError');
}

describe('$orderby', () => {
  it('orders ascending by default and descending on request, with any number of spaces', () => {
    assert.deepEqual(ordered('Date'), ['000000017', '000000015', '000000016']);
    assert.deepEqual(ordered('Date asc'), ['000000017', '000000015', '000000016']);
    assert.deepEqual(ordered('Number    desc'), ['000000017', '000000016', '000000015']);
  });

  it('uses several keys and keeps ties stable', () => {
    assert.deepEqual(ordered('Posted desc, Number desc'), ['000000015', '000000017', '000000016']);
    assert.deepEqual(ordered('Статус_Key asc,Date desc'), ['000000015', '000000017', '000000016']);
    // All equal on the key: the store order survives.
    assert.deepEqual(ordered('substring(Number, 0, 3) asc'), ['000000015', '000000016', '000000017']);
  });

  it('orders by navigation paths (NULL first) and by functions', () => {
    assert.deepEqual(ordered('Контрагент/ИНН asc'), ['000000017', '000000016', '000000015']);
    assert.deepEqual(ordered('Контрагент/ИНН desc'), ['000000015', '000000016', '000000017']);
    assert.deepEqual(ordered('month(Date) desc'), ['000000017', '000000016', '000000015']);
    assert.deepEqual(ordered('Количество desc'), ['000000016', '000000015', '000000017']);
  });

  it('rejects malformed lists and unknown properties', () => {
    assert.equal(
      codeOf(() => compileOrderBy('Number up', ctx)),
      '14',
    );
    assert.equal(
      codeOf(() => compileOrderBy('Number asc desc', ctx)),
      '14',
    );
    assert.equal(
      codeOf(() => compileOrderBy('Number,', ctx)),
      '14',
    );
    assert.equal(
      codeOf(() => compileOrderBy('', ctx)),
      '14',
    );
    assert.equal(
      codeOf(() => compileOrderBy('Нет asc', ctx)),
      '10',
    );
    assert.equal(
      codeOf(() => compileOrderBy('tolower(Number)', ctx)),
      '21',
    );
  });
});

describe('$select and $expand', () => {
  const [first, second] = requestRows();
  if (!first || !second) throw new Error('fixture');

  it('returns exactly the listed properties, spaces after commas allowed', () => {
    const spec = parseSelect('Ref_Key, Number,  Date', ctx);
    assert.deepEqual(Object.keys(applySelect(first, spec, ctx)), ['Ref_Key', 'Number', 'Date']);
  });

  it('* keeps everything, ** drops tabular sections', () => {
    assert.deepEqual(applySelect(first, parseSelect('*', ctx), ctx), first);
    const noTables = applySelect(first, parseSelect('**', ctx), ctx);
    assert.equal('Товары' in noTables, false);
    assert.equal(noTables.Number, '000000015');
    // * wins over an explicit list.
    assert.deepEqual(applySelect(first, parseSelect('Number, *', ctx), ctx), first);
  });

  it('narrows tabular-section rows with ТЧ/Поле', () => {
    const out = applySelect(first, parseSelect('Number,Товары/Цена', ctx), ctx);
    assert.deepEqual(out, { Number: '000000015', Товары: [{ Цена: 12000 }, { Цена: 150 }] });
  });

  it('expands navigation properties next to their _Key and narrows them with Nav/Prop', () => {
    const expand = parseExpand('Статус,Контрагент', ctx);
    const expanded = applyExpand(second, expand, ctx);
    assert.equal((expanded.Статус as Record<string, unknown>).Ref_Key, DONE_STATUS);
    assert.equal(expanded.Статус_Key, DONE_STATUS);
    const out = applySelect(expanded, parseSelect('Ref_Key, Number, Статус/Description', ctx, expand), ctx);
    assert.deepEqual(out, {
      Ref_Key: second.Ref_Key,
      Number: '000000016',
      Статус: { Description: 'Завершена' },
    });
    const star = applySelect(expanded, parseSelect('Number, Статус/*', ctx, expand), ctx);
    assert.equal((star.Статус as Record<string, unknown>).Порядок, 4);
  });

  it('expands an empty reference to null and * to every navigation property', () => {
    const third = requestRows()[2];
    assert.ok(third);
    const out = applyExpand(third, parseExpand('*', ctx), ctx);
    assert.equal(out.Контрагент, null);
    assert.equal((out.Статус as Record<string, unknown>).Description, 'Новая');
  });

  it('accepts presentation fields without producing them', () => {
    const out = applySelect(first, parseSelect('Number, Контрагент____Presentation, Presentation', ctx), ctx);
    assert.deepEqual(out, { Number: '000000015' });
  });

  it('rejects unknown properties (10) and Nav/Prop without $expand (14)', () => {
    assert.equal(
      codeOf(() => parseSelect('Ref_Key, Нет', ctx)),
      '10',
    );
    assert.equal(
      codeOf(() => parseSelect('Нет____Presentation', ctx)),
      '10',
    );
    assert.equal(
      codeOf(() => parseSelect('Number,', ctx)),
      '14',
    );
    assert.equal(
      codeOf(() => parseSelect('Статус/Description', ctx)),
      '14',
    );
    assert.equal(
      codeOf(() => parseExpand('Нет', ctx)),
      '10',
    );
    assert.equal(
      codeOf(() => parseExpand('Number', ctx)),
      '10',
    );
  });
});

describe('compileQuery / runQuery', () => {
  function run(query: string, inlinecountHonorsTop = false) {
    const compiled = compileQuery(parseSystemOptions(parseQueryString(query)), ctx);
    return runQuery(requestRows(), compiled, ctx, { inlinecountHonorsTop });
  }

  it('applies $skip before $top whatever their order', () => {
    const a = run('$top=1&$skip=1&$orderby=Number&$select=Number');
    const b = run('$skip=1&$top=1&$orderby=Number&$select=Number');
    assert.deepEqual(a.rows, [{ Number: '000000016' }]);
    assert.deepEqual(b.rows, a.rows);
    assert.equal(a.count, undefined);
  });

  it('returns everything without $top and counts with $inlinecount=allpages', () => {
    assert.equal(run('$filter=DeletionMark eq false').rows.length, 2);
    const counted = run('$filter=DeletionMark eq false&$inlinecount=allpages&$top=1');
    assert.equal(counted.count, 2);
    // Documented 1C behaviour: $inlinecount makes the server ignore $top/$skip (switchable).
    assert.equal(counted.rows.length, 2);
    assert.equal(run('$filter=DeletionMark eq false&$inlinecount=allpages&$top=1', true).rows.length, 1);
  });

  it('runs our reconciliation poll as the client sends it', () => {
    const result = run(
      '$format=application/json;odata=nometadata&$select=Ref_Key,DataVersion,Статус_Key,ИдЭлементаБитрикс24' +
        "&$filter=DeletionMark eq false and Date ge datetime'2025-01-01T00:00:00'" +
        '&$orderby=Date asc,Number asc&$top=500&$skip=0',
    );
    assert.deepEqual(
      result.rows.map((r) => Object.keys(r)),
      [['Ref_Key', 'DataVersion', 'Статус_Key', 'ИдЭлементаБитрикс24']],
    );
  });

  it('fails before touching rows when any option is bad', () => {
    assert.equal(
      codeOf(() => run('$filter=Нет eq 1')),
      '10',
    );
    assert.equal(
      codeOf(() => run('$orderby=Number sideways')),
      '14',
    );
  });
});
