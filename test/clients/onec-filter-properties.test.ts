/**
 * Property: no client value can change the meaning of an OData filter. Whatever text a Bitrix24 field
 * holds (quotes, parentheses, `eq`/`or`, percent signs, any Unicode), the filter our client sends — as it
 * travels in the URL — is read by the 1C sandbox's own parser as "field = exactly that text", nothing more.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { and, eq, odataBoolean, odataString } from '../../activities/onec/literals';
import { queryString } from '../../activities/onec/url';
import { parseExpression } from '../../sandbox/onec/query/parser';
import { parseQueryString } from '../../sandbox/onec/query/querystring';

/** Pieces an attacker would try, mixed into arbitrary text. */
const HOSTILE = [
  "'",
  "''",
  '(',
  ')',
  ' eq ',
  ' or ',
  ' and ',
  'not ',
  "' or '1' eq '1",
  '%27',
  '%',
  '+',
  '&',
  '$filter=',
  '#',
  '\\',
  '"',
  '\u0000',
  '\u2019',
  'ʼ',
  '😀',
  "Д'Артаньян",
];
const clientText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 5 })), { maxLength: 12 })
    .map((parts) => parts.join('')),
);

/** The `$filter` the way 1C receives it: through our query-string encoding and its decoding. */
function filterAsReceived(filter: string): string {
  const received = parseQueryString(
    queryString([
      ['$filter', filter],
      ['$format', 'json'],
    ]),
  );
  assert.equal(received.get('$format'), 'json', 'no value can add or swallow a query option');
  return received.get('$filter') ?? '';
}

describe('OData filter building (property-based)', () => {
  test('a compared value always parses back as one string literal equal to it', () => {
    fc.assert(
      fc.property(clientText, (value) => {
        const filter = and(eq('ИНН', odataString(value)), eq('DeletionMark', odataBoolean(false)));
        const ast = parseExpression(filterAsReceived(filter));
        assert.deepEqual(ast, {
          kind: 'binary',
          op: 'and',
          left: {
            kind: 'binary',
            op: 'eq',
            left: { kind: 'path', segments: ['ИНН'] },
            right: { kind: 'literal', literal: { type: 'string', value } },
          },
          right: {
            kind: 'binary',
            op: 'eq',
            left: { kind: 'path', segments: ['DeletionMark'] },
            right: { kind: 'literal', literal: { type: 'bool', value: false } },
          },
        });
      }),
      { numRuns: 300 },
    );
  });

  test('text that cannot be UTF-8 (an unpaired surrogate) is refused, never sent altered', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (value) => {
        const wellFormed = !/[\uD800-\uDFFF]/u.test(value);
        if (!wellFormed) {
          assert.throws(() => odataString(value), TypeError);
          return;
        }
        const ast = parseExpression(filterAsReceived(eq('Email', odataString(value))));
        assert.deepEqual(ast, {
          kind: 'binary',
          op: 'eq',
          left: { kind: 'path', segments: ['Email'] },
          right: { kind: 'literal', literal: { type: 'string', value } },
        });
      }),
      { numRuns: 300 },
    );
  });
});
