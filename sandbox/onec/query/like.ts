/**
 * 1C `ПОДОБНО` templates for `like(s, 'шаблон')`: `%` any run, `_` one character, `[…]` one of a set or
 * range, `[^…]` none of them. Matching is whole-string and case-insensitive like the query language.
 */
import { functionError } from './errors';

const cache = new Map<string, RegExp>();

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

export function likePattern(template: string): RegExp {
  const cached = cache.get(template);
  if (cached) return cached;
  let source = '';
  const chars = [...template];
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i] as string;
    if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else if (ch === '[') {
      const close = chars.indexOf(']', i + 1);
      if (close < 0) throw functionError(`Invalid like() template: ${template}`);
      let body = chars.slice(i + 1, close);
      const negated = body[0] === '^';
      if (negated) body = body.slice(1);
      if (body.length === 0) throw functionError(`Invalid like() template: ${template}`);
      let set = '';
      for (let j = 0; j < body.length; j += 1) {
        const c = body[j] as string;
        if (c === '-' && j > 0 && j < body.length - 1) set += '-';
        else set += escapeRegex(c);
      }
      source += `[${negated ? '^' : ''}${set}]`;
      i = close;
    } else source += escapeRegex(ch);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(`^${source}$`, 'iu');
  } catch {
    throw functionError(`Invalid like() template: ${template}`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(template, regex);
  return regex;
}
