import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodePhpQuery } from '../../activities/bitrix24/php-query';

/** Parses a PHP-style query back into [key, value] pairs (what parse_str would see). */
const pairs = (query: string) =>
  query.split('&').map((p) => p.split('=').map((part) => decodeURIComponent(part)) as [string, string]);

describe('encodePhpQuery', () => {
  it('encodes flat scalars', () => {
    assert.equal(encodePhpQuery({ entityTypeId: 1038, id: 5 }), 'entityTypeId=1038&id=5');
  });

  it('nests objects and arrays with bracket keys, arrays indexed as http_build_query does', () => {
    const query = encodePhpQuery({
      fields: { TITLE: 'Заявка', PHONE: [{ VALUE: '+7 916', VALUE_TYPE: 'WORK' }] },
      select: ['ID', 'TITLE'],
      filter: { '>ID': 10 },
    });
    assert.deepEqual(pairs(query), [
      ['fields[TITLE]', 'Заявка'],
      ['fields[PHONE][0][VALUE]', '+7 916'],
      ['fields[PHONE][0][VALUE_TYPE]', 'WORK'],
      ['select[0]', 'ID'],
      ['select[1]', 'TITLE'],
      ['filter[>ID]', '10'],
    ]);
    assert.match(query, /^fields\[TITLE\]=%D0%97/);
  });

  it('percent-encodes separators and spaces inside values (no + for space)', () => {
    const query = encodePhpQuery({ fields: { COMMENT: 'a&b=c d+e#f' } });
    assert.equal(query, 'fields[COMMENT]=a%26b%3Dc%20d%2Be%23f');
  });

  it('sends booleans as 1/0, omits null and undefined', () => {
    assert.equal(encodePhpQuery({ a: true, b: false, c: null, d: undefined, e: '' }), 'a=1&b=0&e=');
  });

  it('keeps batch result references verbatim so Bitrix24 can substitute them', () => {
    assert.equal(encodePhpQuery({ id: '$result[a][item][companyId]' }), 'id=$result[a][item][companyId]');
  });

  it('encodes look-alike references that carry extra syntax', () => {
    const query = encodePhpQuery({ id: '$result[a]&fields[X]=1' });
    assert.equal(query, 'id=%24result%5Ba%5D%26fields%5BX%5D%3D1');
  });
});
