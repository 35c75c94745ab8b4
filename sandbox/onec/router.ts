/**
 * Splits the resource path below `/odata/standard.odata` into what it addresses (§3): service document,
 * `$metadata`, a set, `$count`, an entity by key, a navigation target or a document action.
 */
import { faults } from './errors';
import { type EntitySetDef, findSet, ownerOfTabularSection } from './model';

export type Resource =
  | { kind: 'service' }
  | { kind: 'metadata' }
  | { kind: 'set'; set: EntitySetDef }
  | { kind: 'count'; set: EntitySetDef }
  | { kind: 'entity'; set: EntitySetDef; keyText: string }
  | { kind: 'nav'; set: EntitySetDef; keyText: string; nav: string }
  | { kind: 'action'; set: EntitySetDef; keyText: string; action: 'Post' | 'Unpost' }
  | { kind: 'tabular'; name: string };

/** Splits on `/` outside quotes and parentheses (string keys may contain `/`). */
function segments(path: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (const ch of path) {
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth += 1;
    else if (!quoted && ch === ')') depth -= 1;
    if (ch === '/' && !quoted && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** `rest` is the decoded path after `standard.odata/` (may be empty). */
export function route(rest: string): Resource {
  const parts = segments(rest).filter((s, i, all) => s !== '' || i < all.length - 1);
  const [first = '', ...tail] = parts.filter((s) => s !== '');
  if (first === '') return { kind: 'service' };
  if (first === '$metadata' && tail.length === 0) return { kind: 'metadata' };
  const open = first.indexOf('(');
  const name = open < 0 ? first : first.slice(0, open);
  if (open >= 0 && !first.endsWith(')')) throw faults.badUrl();
  const keyText = open < 0 ? undefined : first.slice(open + 1, -1);
  const set = findSet(name);
  if (!set) {
    if (ownerOfTabularSection(name) && keyText === undefined && tail.length === 0)
      return { kind: 'tabular', name };
    throw faults.unknownSet(name);
  }
  if (keyText === undefined) {
    if (tail.length === 0) return { kind: 'set', set };
    if (tail.length === 1 && tail[0] === '$count') return { kind: 'count', set };
    throw faults.badUrl();
  }
  if (tail.length === 0) return { kind: 'entity', set, keyText };
  const [segment = '', ...more] = tail;
  if (more.length > 0) throw faults.badUrl();
  const bare = segment.replace(/\(\)$/, '');
  if (set.kind === 'document' && (bare === 'Post' || bare === 'Unpost')) {
    return { kind: 'action', set, keyText, action: bare };
  }
  if (segment in set.navigation) return { kind: 'nav', set, keyText, nav: segment };
  throw faults.badUrl();
}
