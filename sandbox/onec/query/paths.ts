/**
 * Binds `A/B/C` paths to the model once, at compile time: unknown names fail with code 10 before any row
 * is read. Navigation follows a reference through `ctx.resolve`; an empty or dangling reference yields NULL
 * for everything behind it, as a left join in the 1C query language would.
 */
import type { Compiled, Env, Scope } from './compiled';
import { functionError, parseError, propertyNotFound } from './errors';
import { normaliseGuid } from './literals';
import { isCollectionType, type EdmType, type EntitySetModel, type QueryContext, type Row } from './model';
import type { StaticType } from './functions';
import { fromStored, NULL, type Value } from './values';

type RowGetter = (env: Env) => Row | undefined;

function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function staticTypeOf(type: EdmType): StaticType {
  switch (type) {
    case 'Edm.String':
      return 'string';
    case 'Edm.Guid':
      return 'guid';
    case 'Edm.Boolean':
      return 'bool';
    case 'Edm.DateTime':
      return 'date';
    case 'Edm.Double':
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Int64':
      return 'number';
    default:
      return 'rows';
  }
}

export function bindPath(segments: string[], scope: Scope): Compiled {
  const [first, ...rest] = segments;
  if (first === undefined) throw parseError();
  const varModel = scope.vars.get(first);
  if (varModel) {
    // A lambda variable alone is a whole row, which no operator or function accepts.
    if (rest.length === 0) throw functionError(`Lambda variable ${first} must be followed by a property`);
    return bindSegments(varModel, (env) => env.vars.get(first), rest, scope.ctx);
  }
  return bindSegments(scope.model, (env) => env.row, segments, scope.ctx);
}

/** `cast(…, 'Catalog_X')/Prop`: continue navigation from a reference computed at run time. */
export function bindMember(target: Compiled, segments: string[], scope: Scope): Compiled {
  if (target.type !== 'ref' || target.set === undefined)
    throw functionError('Navigation needs a typed reference');
  const set = target.set;
  const model = scope.ctx.setModel(set);
  if (!model) throw propertyNotFound(set);
  const getRow: RowGetter = (env) => {
    const ref = target.run(env);
    return ref.t === 'ref' ? scope.ctx.resolve(ref.set, ref.v) : undefined;
  };
  return bindSegments(model, getRow, segments, scope.ctx);
}

function bindSegments(
  start: EntitySetModel,
  startRow: RowGetter,
  segments: string[],
  ctx: QueryContext,
): Compiled {
  let model = start;
  let getRow = startRow;
  for (let i = 0; i < segments.length; i += 1) {
    const name = segments[i] as string;
    const last = i === segments.length - 1;
    const propType = own(model.properties, name);
    if (propType !== undefined) {
      if (!last) throw propertyNotFound(segments.slice(0, i + 2).join('/'));
      return bindProperty(model, getRow, name, propType);
    }
    const nav = own(model.navigation, name);
    if (nav === undefined) throw propertyNotFound(name);
    const refGetter = getRow;
    const refOf = (env: Env): string | undefined =>
      normaliseGuid(String(refGetter(env)?.[nav.keyProperty] ?? ''));
    if (last) {
      const run = (env: Env): Value => {
        const ref = refOf(env);
        return ref === undefined ? NULL : { t: 'ref', set: nav.targetSet, v: ref };
      };
      return { type: 'ref', set: nav.targetSet, run };
    }
    const target = ctx.setModel(nav.targetSet);
    if (!target) throw propertyNotFound(name);
    model = target;
    getRow = (env) => {
      const ref = refOf(env);
      return ref === undefined ? undefined : ctx.resolve(nav.targetSet, ref);
    };
  }
  throw parseError();
}

function bindProperty(model: EntitySetModel, getRow: RowGetter, name: string, type: EdmType): Compiled {
  if (isCollectionType(type)) {
    const rowModel = own(model.tabularSections, name);
    if (!rowModel) throw propertyNotFound(name);
    const run = (env: Env): Value => {
      const raw = getRow(env)?.[name];
      const rows = Array.isArray(raw)
        ? raw.filter((r): r is Row => typeof r === 'object' && r !== null && !Array.isArray(r))
        : [];
      return { t: 'rows', rows, model: rowModel };
    };
    return { type: 'rows', rowModel, run };
  }
  const typeProperty = `${name}_Type`;
  if (type === 'Edm.String' && own(model.properties, typeProperty) !== undefined) {
    // Composite attribute: the value travels as text with its actual type beside it [D 17.4.3].
    const run = (env: Env): Value => {
      const row = getRow(env);
      const kind = row?.[typeProperty];
      if (typeof kind !== 'string' || kind === 'StandardODATA.Undefined') return NULL;
      const raw = row?.[name];
      return raw === null || raw === undefined ? NULL : { t: 'composite', v: String(raw), type: kind };
    };
    return { type: 'composite', run };
  }
  return { type: staticTypeOf(type), run: (env) => fromStored(getRow(env)?.[name], type) };
}
