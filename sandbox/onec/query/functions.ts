/**
 * Scalar functions of 1C's `$filter` [D 17.4.5.2] with their argument types, so arity and type mistakes are
 * caught when the filter is compiled (code 21). `cast`, `isof` and the lambdas need the model and live in
 * `typed.ts` / `evaluator.ts`.
 */
import { dateAdd, dateDifference, datePart, isDateUnit, type DatePart, type DateUnit } from './dates';
import { functionError } from './errors';
import { likePattern } from './like';
import { bool, foldString, NULL, type Value, type ValueType } from './values';

export type StaticType = ValueType | 'any';

export interface FunctionSpec {
  params: ValueType[];
  optional?: number;
  returns: ValueType;
  run(args: Value[]): Value;
}

/** Functions the documentation lists as not supported: calling them is code 21, not a parse error [D]. */
export const REJECTED_FUNCTIONS = new Set([
  'length',
  'lenght',
  'indexof',
  'replace',
  'tolower',
  'toupper',
  'trim',
  'years',
  'days',
  'hours',
  'seconds',
  'floor',
  'ceiling',
]);

function text(v: Value): string | undefined {
  if (v.t === 'string' || v.t === 'composite') return v.v;
  return undefined;
}

function num(v: Value): number | undefined {
  if (v.t === 'number') return v.v;
  if (v.t === 'composite' && v.v.trim() !== '' && Number.isFinite(Number(v.v))) return Number(v.v);
  return undefined;
}

function date(v: Value): number | undefined {
  return v.t === 'date' ? v.v : undefined;
}

function stringTest(test: (haystack: string, needle: string) => boolean, needleFirst = false): FunctionSpec {
  return {
    params: ['string', 'string'],
    returns: 'bool',
    run([a, b]) {
      const first = text(a ?? NULL);
      const second = text(b ?? NULL);
      if (first === undefined || second === undefined) return NULL;
      const [haystack, needle] = needleFirst ? [second, first] : [first, second];
      return bool(test(haystack, needle));
    },
  };
}

function part(name: DatePart): FunctionSpec {
  return {
    params: ['date'],
    returns: 'number',
    run([d]) {
      const ms = date(d ?? NULL);
      return ms === undefined ? NULL : { t: 'number', v: datePart(ms, name) };
    },
  };
}

function unitOf(v: Value): DateUnit {
  const unit = text(v)?.toLowerCase();
  if (unit === undefined || !isDateUnit(unit)) throw functionError(`Unknown date unit: ${unit ?? ''}`);
  return unit;
}

/** Rounds half away from zero, as 1C's `ОКР` does (Math.round would send -2.5 to -2). */
function roundHalfAway(n: number): number {
  return Math.sign(n) * Math.round(Math.abs(n));
}

export const FUNCTIONS: Record<string, FunctionSpec> = {
  substringof: stringTest((h, n) => foldString(h).includes(foldString(n)), true),
  startswith: stringTest((h, n) => foldString(h).startsWith(foldString(n))),
  endswith: stringTest((h, n) => foldString(h).endsWith(foldString(n))),
  like: stringTest((h, pattern) => likePattern(pattern).test(h.replace(/ +$/, ''))),
  concat: {
    params: ['string', 'string'],
    returns: 'string',
    run([a, b]) {
      const x = text(a ?? NULL);
      const y = text(b ?? NULL);
      return x === undefined || y === undefined ? NULL : { t: 'string', v: x + y };
    },
  },
  substring: {
    params: ['string', 'number', 'number'],
    optional: 1,
    returns: 'string',
    run([s, start, length]) {
      const str = text(s ?? NULL);
      const from = num(start ?? NULL);
      if (str === undefined || from === undefined) return NULL;
      const chars = [...str];
      const begin = Math.max(0, Math.trunc(from));
      if (length === undefined) return { t: 'string', v: chars.slice(begin).join('') };
      const count = num(length);
      if (count === undefined) return NULL;
      return { t: 'string', v: chars.slice(begin, begin + Math.max(0, Math.trunc(count))).join('') };
    },
  },
  year: part('year'),
  month: part('month'),
  day: part('day'),
  hour: part('hour'),
  minute: part('minute'),
  second: part('second'),
  quarter: part('quarter'),
  dayofweek: part('dayofweek'),
  dayofyear: part('dayofyear'),
  dateadd: {
    params: ['date', 'string', 'number'],
    returns: 'date',
    run([d, unit, amount]) {
      const ms = date(d ?? NULL);
      const n = num(amount ?? NULL);
      const u = unitOf(unit ?? NULL);
      return ms === undefined || n === undefined ? NULL : { t: 'date', v: dateAdd(ms, u, n) };
    },
  },
  datedifference: {
    params: ['date', 'date', 'string'],
    returns: 'number',
    run([d1, d2, unit]) {
      const from = date(d1 ?? NULL);
      const to = date(d2 ?? NULL);
      const u = unitOf(unit ?? NULL);
      return from === undefined || to === undefined ? NULL : { t: 'number', v: dateDifference(from, to, u) };
    },
  },
  round: {
    params: ['number'],
    returns: 'number',
    run([x]) {
      const n = num(x ?? NULL);
      return n === undefined ? NULL : { t: 'number', v: roundHalfAway(n) };
    },
  },
};

/** Whether a value of static type `actual` may be passed where `expected` is declared. */
export function accepts(expected: ValueType, actual: StaticType): boolean {
  if (actual === 'any' || actual === 'null' || actual === expected) return true;
  // Composite attributes hold their value as text; their real type is only known per row.
  return actual === 'composite' && (expected === 'string' || expected === 'number');
}
