/**
 * Turns a parsed expression into a closure over rows. All name binding and type checking happens here,
 * once per request, so a bad filter fails before any row is read and evaluation itself is cheap.
 */
import type { BinaryOp, Literal, Node } from './ast';
import type { Compiled, Env, Scope } from './compiled';
import { functionError, ODataError, parseError } from './errors';
import { accepts, FUNCTIONS, REJECTED_FUNCTIONS } from './functions';
import { bindMember, bindPath } from './paths';
import { compileCast, compileIsOf } from './typed';
import { isDateUnit } from './dates';
import { likePattern } from './like';
import { bool, NULL, orderValues, valuesEqual, type Value, type ValueType } from './values';

function literalValue(literal: Literal): Value {
  switch (literal.type) {
    case 'null':
      return NULL;
    case 'string':
      return { t: 'string', v: literal.value };
    case 'number':
      return { t: 'number', v: literal.value };
    case 'bool':
      return bool(literal.value);
    case 'guid':
      return { t: 'guid', v: literal.value };
    case 'date':
      return { t: 'date', v: literal.value };
  }
}

function requireType(c: Compiled, expected: ValueType, what: string): void {
  if (!accepts(expected, c.type)) throw functionError(`${what}: expected ${expected}, got ${c.type}`);
}

function isTrue(v: Value): boolean {
  return v.t === 'bool' && v.v;
}

export function compileNode(node: Node, scope: Scope): Compiled {
  switch (node.kind) {
    case 'literal': {
      const value = literalValue(node.literal);
      return { type: value.t, constant: value, run: () => value };
    }
    case 'path':
      return bindPath(node.segments, scope);
    case 'member':
      return bindMember(compileNode(node.target, scope), node.segments, scope);
    case 'unary':
      return compileUnary(node.op, compileNode(node.operand, scope));
    case 'binary':
      return compileBinary(node.op, compileNode(node.left, scope), compileNode(node.right, scope));
    case 'call':
      return compileCall(node.name, node.args, scope);
    case 'lambda':
      return compileLambda(node, scope);
  }
}

function compileUnary(op: 'neg' | 'not', operand: Compiled): Compiled {
  if (op === 'not') {
    requireType(operand, 'bool', 'not');
    return { type: 'bool', run: (env) => bool(!isTrue(operand.run(env))) };
  }
  requireType(operand, 'number', 'unary -');
  return {
    type: 'number',
    run: (env) => {
      const v = operand.run(env);
      return v.t === 'number' ? { t: 'number', v: -v.v } : NULL;
    },
  };
}

const ARITHMETIC: Partial<Record<BinaryOp, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => {
    // The 1C query fails as a whole on division by zero; the server reports it like any query failure.
    if (b === 0) throw new ODataError(500, '-1', 'Деление на 0');
    return a / b;
  },
};

const ORDERING: Partial<Record<BinaryOp, (order: number) => boolean>> = {
  gt: (o) => o > 0,
  ge: (o) => o >= 0,
  lt: (o) => o < 0,
  le: (o) => o <= 0,
};

function compileBinary(op: BinaryOp, left: Compiled, right: Compiled): Compiled {
  if (op === 'and' || op === 'or') {
    requireType(left, 'bool', op);
    requireType(right, 'bool', op);
    const run =
      op === 'and'
        ? (env: Env) => bool(isTrue(left.run(env)) && isTrue(right.run(env)))
        : (env: Env) => bool(isTrue(left.run(env)) || isTrue(right.run(env)));
    return { type: 'bool', run };
  }
  if (left.type === 'rows' || right.type === 'rows') throw functionError(`${op} cannot take a collection`);
  const arithmetic = ARITHMETIC[op];
  if (arithmetic) {
    requireType(left, 'number', op);
    requireType(right, 'number', op);
    return {
      type: 'number',
      run: (env) => {
        const a = left.run(env);
        const b = right.run(env);
        if (a.t !== 'number' || b.t !== 'number') return NULL;
        const v = arithmetic(a.v, b.v);
        return Number.isFinite(v) ? { t: 'number', v } : NULL;
      },
    };
  }
  if (op === 'eq') return { type: 'bool', run: (env) => bool(valuesEqual(left.run(env), right.run(env))) };
  if (op === 'ne') return { type: 'bool', run: (env) => bool(!valuesEqual(left.run(env), right.run(env))) };
  const test = ORDERING[op];
  if (!test) throw parseError();
  return {
    type: 'bool',
    run: (env) => {
      const order = orderValues(left.run(env), right.run(env));
      return bool(order !== undefined && test(order));
    },
  };
}

function compileCall(name: string, argNodes: Node[], scope: Scope): Compiled {
  if (REJECTED_FUNCTIONS.has(name)) throw functionError(`Function ${name} is not supported`);
  const args = (): Compiled[] => argNodes.map((a) => compileNode(a, scope));
  if (name === 'cast') return compileCast(args(), scope);
  if (name === 'isof') return compileIsOf(args(), scope);
  const spec = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  // An unknown name (`startwith`, v4's `contains`) is a syntax error for 1C, not an unsupported function [B 1.128].
  if (!spec) throw parseError();
  const max = spec.params.length;
  const min = max - (spec.optional ?? 0);
  if (argNodes.length < min || argNodes.length > max)
    throw functionError(`Wrong number of arguments for ${name}`);
  const compiled = args();
  compiled.forEach((arg, i) => requireType(arg, spec.params[i] as ValueType, name));
  // Constant arguments (date units, like templates) are checked now rather than on the first row.
  if (compiled.every((c) => c.constant !== undefined)) {
    const value = spec.run(compiled.map((c) => c.constant as Value));
    return { type: spec.returns, constant: value, run: () => value };
  }
  checkConstantArguments(name, compiled);
  return { type: spec.returns, run: (env) => spec.run(compiled.map((c) => c.run(env))) };
}

/** A literal date unit or `like` template is validated now rather than on the first row (code 21). */
function checkConstantArguments(name: string, args: Compiled[]): void {
  const constantText = (index: number): string | undefined => {
    const c = args[index]?.constant;
    return c?.t === 'string' ? c.v : undefined;
  };
  const unit = name === 'dateadd' ? constantText(1) : name === 'datedifference' ? constantText(2) : undefined;
  if (unit !== undefined && !isDateUnit(unit.toLowerCase()))
    throw functionError(`Unknown date unit: ${unit}`);
  const template = name === 'like' ? constantText(1) : undefined;
  if (template !== undefined) likePattern(template);
}

function compileLambda(node: Extract<Node, { kind: 'lambda' }>, scope: Scope): Compiled {
  const collection = compileNode(node.collection, scope);
  if (collection.type !== 'rows' || !collection.rowModel)
    throw functionError(`${node.fn}() needs a collection`);
  if (!node.body || node.variable === undefined) {
    if (node.fn === 'all') throw functionError('all() needs a lambda expression');
    return { type: 'bool', run: (env) => bool(rowsOf(collection.run(env)).length > 0) };
  }
  const variable = node.variable;
  if (scope.vars.has(variable)) throw parseError();
  const inner: Scope = { ...scope, vars: new Map(scope.vars).set(variable, collection.rowModel) };
  const body = compileNode(node.body, inner);
  requireType(body, 'bool', node.fn);
  const matches = (env: Env) => (row: Record<string, unknown>) =>
    isTrue(body.run({ row: env.row, vars: new Map(env.vars).set(variable, row) }));
  return {
    type: 'bool',
    run: (env) => {
      const rows = rowsOf(collection.run(env));
      return bool(node.fn === 'any' ? rows.some(matches(env)) : rows.every(matches(env)));
    },
  };
}

function rowsOf(v: Value): Record<string, unknown>[] {
  return v.t === 'rows' ? v.rows : [];
}
