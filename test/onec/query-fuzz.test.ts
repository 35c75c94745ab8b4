import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileFilter,
  compileOrderBy,
  ODataError,
  parseKeyPredicate,
  parseQueryString,
  parseSelect,
  parseSystemOptions,
} from '../../sandbox/onec/query';
import { context, requestRows } from './query-fixture';

const ctx = context();

/** Small deterministic PRNG so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PIECES = [
  ' ',
  '(',
  ')',
  ',',
  '/',
  ':',
  "'",
  "''",
  '-',
  '+',
  '%',
  '*',
  '$',
  '=',
  '"',
  '\\',
  '.',
  '0',
  '1.5',
  '3L',
  'eq',
  'ne',
  'gt',
  'and',
  'or',
  'not',
  'add',
  'div',
  'mul',
  'any',
  'all',
  'd',
  'd/Цена',
  'null',
  'true',
  'Number',
  'Сумма',
  'Date',
  'Товары',
  'Контрагент',
  'Контрагент/ИНН',
  'Основание',
  'Нет',
  "guid'5a8c3e10-d1b7-11ef-8a3b-0050569f2e01'",
  "datetime'2025-01-01T00:00:00'",
  "'текст'",
  'substringof(',
  'startswith(',
  'like(',
  'year(',
  'dateadd(',
  'cast(',
  'isof(',
  'round(',
  'length(',
  'startwith(',
  "'Catalog_Контрагенты'",
  "'day'",
  '\u0000',
  '😀',
  '\uD800',
];

function randomText(next: () => number): string {
  const length = Math.floor(next() * 14);
  let text = '';
  for (let i = 0; i < length; i += 1) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

function onlyODataErrors(label: string, text: string, action: () => unknown): void {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ODataError, `${label} threw ${String(error)} for ${JSON.stringify(text)}`);
  }
}

describe('fuzzing the query layer', () => {
  it('never throws anything but ODataError', () => {
    const next = random(20250113);
    const rows = requestRows();
    for (let i = 0; i < 3000; i += 1) {
      const text = randomText(next);
      onlyODataErrors('$filter', text, () => {
        const predicate = compileFilter(text, ctx);
        rows.forEach((row) => predicate(row));
      });
      onlyODataErrors('$orderby', text, () => [...rows].sort(compileOrderBy(text, ctx)));
      onlyODataErrors('$select', text, () => parseSelect(text, ctx));
      onlyODataErrors('key', text, () => parseKeyPredicate(text, [{ name: 'Ref_Key', type: 'Edm.Guid' }]));
      onlyODataErrors('options', text, () => parseSystemOptions(parseQueryString(text)));
    }
  });

  it('accepts what it formats: generated valid filters compile', () => {
    const next = random(42);
    const leaves = ["Number eq '1'", 'Сумма gt 1', 'Posted', "startswith(Number, '0')", 'Товары/any()'];
    for (let i = 0; i < 200; i += 1) {
      let expr = leaves[Math.floor(next() * leaves.length)] as string;
      for (let depth = 0; depth < 6; depth += 1) {
        const other = leaves[Math.floor(next() * leaves.length)] as string;
        expr = next() < 0.5 ? `(${expr}) and ${other}` : `not (${expr}) or ${other}`;
      }
      assert.doesNotThrow(() => compileFilter(expr, ctx), expr);
    }
  });
});
