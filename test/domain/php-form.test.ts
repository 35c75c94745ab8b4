import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePhpForm, urlDecode } from '../../domain/php-form';

test('flat pairs, + as space and percent-decoding (UTF-8)', () => {
  assert.deepEqual(decodePhpForm('a=1&b=hello+world&c=%D0%97%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0&d=a%2Bb%26c'), {
    a: '1',
    b: 'hello world',
    c: 'Заявка',
    d: 'a+b&c',
  });
});

test('nested keys build maps', () => {
  assert.deepEqual(
    decodePhpForm('fields[TITLE]=x&fields[UF][A]=1&filter[%3EID]=10&filter[%3E%3DDATE]=2024'),
    {
      fields: { TITLE: 'x', UF: { A: '1' } },
      filter: { '>ID': '10', '>=DATE': '2024' },
    },
  );
});

test('a[]= appends and numeric keys 0..n-1 become arrays', () => {
  assert.deepEqual(decodePhpForm('select[]=ID&select[]=TITLE&select[]=UF_*'), {
    select: ['ID', 'TITLE', 'UF_*'],
  });
  assert.deepEqual(
    decodePhpForm(
      'fields[PHONE][0][VALUE]=%2B7+916&fields[PHONE][0][VALUE_TYPE]=WORK&fields[PHONE][1][VALUE]=2',
    ),
    { fields: { PHONE: [{ VALUE: '+7 916', VALUE_TYPE: 'WORK' }, { VALUE: '2' }] } },
  );
});

test('non-sequential numeric keys stay a map in insertion order; [] continues after the max index', () => {
  const decoded = decodePhpForm('m[5]=a&m[x]=b&m[]=c');
  assert.deepEqual(decoded, { m: { '5': 'a', x: 'b', '6': 'c' } });
  assert.deepEqual(decodePhpForm('values[1]=a&values[0]=b'), { values: { '1': 'a', '0': 'b' } });
});

test('later assignments win, scalar replaced by map and back', () => {
  assert.deepEqual(decodePhpForm('a=1&a[b]=2'), { a: { b: '2' } });
  assert.deepEqual(decodePhpForm('a[b]=2&a=1'), { a: '1' });
  assert.deepEqual(decodePhpForm('a=1&a=2'), { a: '2' });
});

test('edge cases: empty pairs, missing =, empty names, malformed escapes, unclosed brackets', () => {
  assert.deepEqual(decodePhpForm(''), {});
  assert.deepEqual(decodePhpForm('&&a&=x&[b]=y'), { a: '' });
  assert.deepEqual(decodePhpForm('a=%ZZ%4'), { a: '%ZZ%4' });
  assert.deepEqual(decodePhpForm('a[b=1'), { a_b: '1' });
  assert.deepEqual(decodePhpForm('a.b c=1'), { a_b_c: '1' });
  assert.deepEqual(decodePhpForm('a[b][c=1'), { a: { b: '1' } });
});

test('nesting deeper than PHP allows is dropped', () => {
  const deep = 'a' + '[x]'.repeat(70) + '=1';
  assert.deepEqual(decodePhpForm(deep + '&b=2'), { b: '2' });
});

test('urlDecode keeps raw non-ASCII text', () => {
  assert.equal(urlDecode('Привет+мир%21'), 'Привет мир!');
  assert.equal(urlDecode('😀%F0%9F%98%80'), '😀😀');
});
