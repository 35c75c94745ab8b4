/** Syntax tree of a `$filter` / `$orderby` expression, before names are bound to the entity model. */
export type BinaryOp = 'mul' | 'div' | 'add' | 'sub' | 'gt' | 'ge' | 'lt' | 'le' | 'eq' | 'ne' | 'and' | 'or';

export type Literal =
  | { type: 'null' }
  | { type: 'string'; value: string }
  | { type: 'number'; value: number; integer: boolean }
  | { type: 'bool'; value: boolean }
  | { type: 'guid'; value: string }
  | { type: 'date'; value: number };

export type Node =
  | { kind: 'literal'; literal: Literal }
  /** `A/B/C`, the first segment may be a lambda variable. */
  | { kind: 'path'; segments: string[] }
  /** `cast(…)/B/C`: navigation continuing from a computed value. */
  | { kind: 'member'; target: Node; segments: string[] }
  | { kind: 'unary'; op: 'neg' | 'not'; operand: Node }
  | { kind: 'binary'; op: BinaryOp; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'lambda'; fn: 'any' | 'all'; collection: Node; variable?: string; body?: Node };

/**
 * 1C's precedence table, high → low, every operator on its own level: mul, div, add, sub, gt, ge, lt, le, eq,
 * ne, and, or [D 17.4.5.2]. So `a sub b add c` is `a sub (b add c)` here, unlike in OData v3.
 */
export const PRECEDENCE: Record<BinaryOp, number> = {
  mul: 12,
  div: 11,
  add: 10,
  sub: 9,
  gt: 8,
  ge: 7,
  lt: 6,
  le: 5,
  eq: 4,
  ne: 3,
  and: 2,
  or: 1,
};

export function isBinaryOp(word: string): word is BinaryOp {
  return Object.prototype.hasOwnProperty.call(PRECEDENCE, word);
}
