import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  and,
  eq,
  ge,
  odataBoolean,
  odataDateTime,
  odataGuid,
  odataString,
  propertyPath,
  type ODataLiteral,
} from '../../activities/onec/literals';

/**
 * Reads one OData string literal from the start of `text` the way a server tokenizer does (`''` is an
 * escaped quote, a single `'` ends it) and returns the decoded value and the rest of the text.
 */
function readStringLiteral(text: string): { value: string; rest: string } {
  assert.equal(text[0], "'");
  let value = '';
  for (let i = 1; i < text.length; i += 1) {
    if (text[i] === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i += 1;
      } else return { value, rest: text.slice(i + 1) };
    } else value += text[i];
  }
  assert.fail('unterminated literal');
}

describe('odataString', () => {
  it('doubles single quotes and keeps double quotes', () => {
    assert.equal(odataString('Бар "Д\'Артаньян"'), "'Бар \"Д''Артаньян\"'");
  });

  const hostile = ['Бар "Д\'Артаньян"', "' or 1 eq 1 or 'x' eq '", "x'')--", "'", "''", 'a&$top=1'];
  for (const value of hostile) {
    it(`keeps ${JSON.stringify(value)} inside one literal`, () => {
      const filter = eq('Description', odataString(value));
      const literal = filter.slice('Description eq '.length);
      const { value: decoded, rest } = readStringLiteral(literal);
      assert.equal(decoded, value);
      assert.equal(rest, '', 'nothing may follow the literal');
    });
  }
});

describe('odataGuid', () => {
  it('accepts and lower-cases a GUID', () => {
    assert.equal(
      odataGuid('A3C1E004-D1A0-11EF-8A3B-0050569F2E01'),
      "guid'a3c1e004-d1a0-11ef-8a3b-0050569f2e01'",
    );
  });

  for (const bad of [
    "a3c1e004-d1a0-11ef-8a3b-0050569f2e01') or (1 eq 1",
    '',
    'not-a-guid',
    'a3c1e004d1a011ef8a3b0050569f2e01',
  ]) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.throws(() => odataGuid(bad), TypeError);
    });
  }
});

describe('odataDateTime', () => {
  it('renders the instant as naive wall-clock time of the base', () => {
    const instant = new Date('2025-01-13T07:15:42.789Z');
    assert.equal(odataDateTime(instant, 'Europe/Moscow'), "datetime'2025-01-13T10:15:42'");
    assert.equal(odataDateTime(instant, 'Asia/Yekaterinburg'), "datetime'2025-01-13T12:15:42'");
    assert.equal(
      odataDateTime(new Date('2025-01-01T00:00:00+03:00'), 'Europe/Moscow'),
      "datetime'2025-01-01T00:00:00'",
    );
  });
});

describe('filter builder', () => {
  it('produces the reference counterparty query text', () => {
    const filter = and(eq('ИНН', odataString('7707083893')), eq('DeletionMark', odataBoolean(false)));
    assert.equal(filter, "ИНН eq '7707083893' and DeletionMark eq false");
  });

  it('produces the reference reconciliation filter', () => {
    const since = new Date('2024-12-31T21:00:00Z');
    const filter = and(
      eq('DeletionMark', odataBoolean(false)),
      ge('Date', odataDateTime(since, 'Europe/Moscow')),
    );
    assert.equal(filter, "DeletionMark eq false and Date ge datetime'2025-01-01T00:00:00'");
  });

  it('rejects property names that carry operators', () => {
    assert.throws(() => propertyPath("ИНН eq '1' or Code"), TypeError);
    assert.throws(() => eq('Code) or (1', odataString('x')), TypeError);
    assert.equal(propertyPath('Контрагент/ИНН'), 'Контрагент/ИНН');
  });

  it('only accepts branded literals at compile time', () => {
    // @ts-expect-error a raw string is not an ODataLiteral: user input must go through an escaper.
    const unsafe: ODataLiteral = "'x' or 1 eq 1";
    assert.ok(unsafe);
  });
});
