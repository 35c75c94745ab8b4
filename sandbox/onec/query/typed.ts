/**
 * `cast(expr, 'Type')` and `isof([expr,] 'Type')`. Type names are `String`, `Number`, `Boolean`, `Date` or an
 * entity-set name such as `Catalog_Товары` [D 17.4.5.2]; the type argument must be a string literal.
 */
import type { Compiled, Scope } from './compiled';
import { functionError } from './errors';
import { formatNaiveDateTime, normaliseGuid, parseNaiveDateTime } from './literals';
import { bool, NULL, type Value } from './values';

type Primitive = 'String' | 'Number' | 'Boolean' | 'Date';

const PRIMITIVES: Record<string, Primitive> = {
  String: 'String',
  Number: 'Number',
  Boolean: 'Boolean',
  Date: 'Date',
  'Edm.String': 'String',
  'Edm.Double': 'Number',
  'Edm.Int16': 'Number',
  'Edm.Int32': 'Number',
  'Edm.Int64': 'Number',
  'Edm.Boolean': 'Boolean',
  'Edm.DateTime': 'Date',
};

/** `X_Type` values of composite attributes holding primitives. */
const COMPOSITE_PRIMITIVE: Record<string, Primitive> = {
  'Edm.String': 'String',
  'Edm.Double': 'Number',
  'Edm.Int16': 'Number',
  'Edm.Int32': 'Number',
  'Edm.Int64': 'Number',
  'Edm.Boolean': 'Boolean',
  'Edm.DateTime': 'Date',
};

type TargetType = { primitive: Primitive } | { set: string };

function typeArgument(arg: Compiled | undefined, scope: Scope): TargetType {
  const c = arg?.constant;
  if (!c || c.t !== 'string') throw functionError('The type argument must be a string literal');
  const primitive = PRIMITIVES[c.v];
  if (primitive) return { primitive };
  if (!scope.ctx.setModel(c.v)) throw functionError(`Unknown type ${c.v}`);
  return { set: c.v };
}

function toPrimitive(v: Value, target: Primitive): Value {
  const raw = v.t === 'composite' ? { t: 'string' as const, v: v.v } : v;
  switch (target) {
    case 'String':
      if (raw.t === 'string' || raw.t === 'guid' || raw.t === 'ref') return { t: 'string', v: raw.v };
      if (raw.t === 'number' || raw.t === 'bool') return { t: 'string', v: String(raw.v) };
      if (raw.t === 'date') return { t: 'string', v: formatNaiveDateTime(raw.v) };
      return NULL;
    case 'Number': {
      if (raw.t === 'number') return raw;
      if (raw.t === 'bool') return { t: 'number', v: raw.v ? 1 : 0 };
      const n = raw.t === 'string' && raw.v.trim() !== '' ? Number(raw.v) : NaN;
      return Number.isFinite(n) ? { t: 'number', v: n } : NULL;
    }
    case 'Boolean':
      if (raw.t === 'bool') return raw;
      if (raw.t === 'number') return bool(raw.v !== 0);
      if (raw.t === 'string' && /^(true|false)$/i.test(raw.v)) return bool(raw.v.toLowerCase() === 'true');
      return NULL;
    case 'Date': {
      if (raw.t === 'date') return raw;
      const ms = raw.t === 'string' ? parseNaiveDateTime(raw.v) : undefined;
      return ms === undefined ? NULL : { t: 'date', v: ms };
    }
  }
}

function toReference(v: Value, set: string): Value {
  if (v.t === 'ref') return v.set === set ? v : NULL;
  if (v.t === 'composite') {
    const guid = normaliseGuid(v.v);
    return v.type === `StandardODATA.${set}` && guid ? { t: 'ref', set, v: guid } : NULL;
  }
  const guid = v.t === 'guid' ? v.v : v.t === 'string' ? normaliseGuid(v.v) : undefined;
  return guid ? { t: 'ref', set, v: guid } : NULL;
}

export function compileCast(args: Compiled[], scope: Scope): Compiled {
  if (args.length !== 2) throw functionError('cast() takes two arguments');
  const [expr, typeArg] = args as [Compiled, Compiled];
  const target = typeArgument(typeArg, scope);
  if (expr.type === 'rows') throw functionError('cast() cannot convert a collection');
  if ('set' in target) {
    const set = target.set;
    if (!['guid', 'ref', 'composite', 'string', 'null', 'any'].includes(expr.type)) {
      throw functionError(`Cannot cast to ${set}`);
    }
    return { type: 'ref', set, run: (env) => toReference(expr.run(env), set) };
  }
  const primitive = target.primitive;
  const type =
    primitive === 'String'
      ? 'string'
      : primitive === 'Number'
        ? 'number'
        : primitive === 'Boolean'
          ? 'bool'
          : 'date';
  return { type, run: (env) => toPrimitive(expr.run(env), primitive) };
}

function isOfType(v: Value, target: TargetType): boolean {
  if ('set' in target) {
    if (v.t === 'ref') return v.set === target.set;
    return v.t === 'composite' && v.type === `StandardODATA.${target.set}`;
  }
  if (v.t === 'composite') return COMPOSITE_PRIMITIVE[v.type] === target.primitive;
  const kinds: Record<Primitive, Value['t']> = {
    String: 'string',
    Number: 'number',
    Boolean: 'bool',
    Date: 'date',
  };
  return v.t === kinds[target.primitive];
}

export function compileIsOf(args: Compiled[], scope: Scope): Compiled {
  if (args.length === 1) {
    // isof('Type') asks about the entity itself.
    const target = typeArgument(args[0], scope);
    const result = bool('set' in target && target.set === scope.model.name);
    return { type: 'bool', constant: result, run: () => result };
  }
  if (args.length !== 2) throw functionError('isof() takes one or two arguments');
  const [expr, typeArg] = args as [Compiled, Compiled];
  const target = typeArgument(typeArg, scope);
  if (expr.type === 'rows') throw functionError('isof() cannot test a collection');
  return { type: 'bool', run: (env) => bool(isOfType(expr.run(env), target)) };
}
