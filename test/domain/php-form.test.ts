import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePhpForm, urlDecode } from '../../domain/php-form';

/** The decoder builds null-prototype objects; strict deepEqual compares prototypes, so compare as JSON. */
const plainForm = (body: string): unknown => JSON.parse(JSON.stringify(decodePhpForm(body)));

test('flat pairs, + as space and percent-decoding (UTF-8)', () => {
  assert.deepEqual(plainForm('a=1&b=hello+world&c=%D0%97%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0&d=a%2Bb%26c'), {
    a: '1',
    b: 'hello world',
    c: 'Заявка',
    d: 'a+b&c',
  });
});

test('nested keys build maps', () => {
  assert.deepEqual(plainForm('fields[TITLE]=x&fields[UF][A]=1&filter[%3EID]=10&filter[%3E%3DDATE]=2024'), {
    fields: { TITLE: 'x', UF: { A: '1' } },
    filter: { '>ID': '10', '>=DATE': '2024' },
  });
});

test('a[]= appends and numeric keys 0..n-1 become arrays', () => {
  assert.deepEqual(plainForm('select[]=ID&select[]=TITLE&select[]=UF_*'), {
    select: ['ID', 'TITLE', 'UF_*'],
  });
  assert.deepEqual(
    plainForm('fields[PHONE][0][VALUE]=%2B7+916&fields[PHONE][0][VALUE_TYPE]=WORK&fields[PHONE][1][VALUE]=2'),
    { fields: { PHONE: [{ VALUE: '+7 916', VALUE_TYPE: 'WORK' }, { VALUE: '2' }] } },
  );
});

test('non-sequential numeric keys stay a map in insertion order; [] continues after the max index', () => {
  const decoded = plainForm('m[5]=a&m[x]=b&m[]=c');
  assert.deepEqual(decoded, { m: { '5': 'a', x: 'b', '6': 'c' } });
  assert.deepEqual(plainForm('values[1]=a&values[0]=b'), { values: { '1': 'a', '0': 'b' } });
});

test('later assignments win, scalar replaced by map and back', () => {
  assert.deepEqual(plainForm('a=1&a[b]=2'), { a: { b: '2' } });
  assert.deepEqual(plainForm('a[b]=2&a=1'), { a: '1' });
  assert.deepEqual(plainForm('a=1&a=2'), { a: '2' });
});

test('edge cases: empty pairs, missing =, empty names, malformed escapes, unclosed brackets', () => {
  assert.deepEqual(plainForm(''), {});
  assert.deepEqual(plainForm('&&a&=x&[b]=y'), { a: '' });
  assert.deepEqual(plainForm('a=%ZZ%4'), { a: '%ZZ%4' });
  assert.deepEqual(plainForm('a[b=1'), { a_b: '1' });
  assert.deepEqual(plainForm('a.b c=1'), { a_b_c: '1' });
  assert.deepEqual(plainForm('a[b][c=1'), { a: { b: '1' } });
});

test('nesting deeper than PHP allows is dropped', () => {
  const deep = 'a' + '[x]'.repeat(70) + '=1';
  assert.deepEqual(plainForm(deep + '&b=2'), { b: '2' });
});

test('urlDecode keeps raw non-ASCII text', () => {
  assert.equal(urlDecode('Привет+мир%21'), 'Привет мир!');
  assert.equal(urlDecode('😀%F0%9F%98%80'), '😀😀');
});

test('prototype keys never reach the prototype chain: such pairs are dropped', () => {
  const onlyProto = decodePhpForm('__proto__[auth][application_token]=x&__proto__[event]=E');
  assert.equal(Object.getPrototypeOf(onlyProto), null);
  assert.deepEqual(Object.keys(onlyProto), []);
  assert.equal(onlyProto['auth'], undefined);

  const nested = decodePhpForm('a[__proto__][x]=1&a[y]=2&b[constructor][prototype][z]=3&prototype=4');
  assert.deepEqual(JSON.parse(JSON.stringify(nested)), { a: { y: '2' } });
  const a = nested['a'] as Record<string, unknown>;
  assert.equal(a['x'], undefined);
  assert.equal(Object.getPrototypeOf(a), null);
  assert.equal(({} as Record<string, unknown>)['x'], undefined, 'Object.prototype untouched');
});

test('percent-encoded prototype keys are dropped too, and inherited names are not readable', () => {
  const decoded = decodePhpForm('%5F%5Fproto%5F%5F%5Bauth%5D=1&a%5B__proto__%5D%5Bx%5D=1&c=3');
  assert.deepEqual(JSON.parse(JSON.stringify(decoded)), { c: '3' });
  assert.equal(decoded['toString'], undefined, 'no Object.prototype members');
  assert.equal(decoded['hasOwnProperty'], undefined);
});
