/**
 * `$expand=Контрагент,Статус` [D 17.4.6.4]: each listed navigation property is nested as the full related
 * entity under its own name, next to `X_Key`. Paths (`A/B`) expand further; `*` expands every navigation
 * property at that level. An empty or dangling reference expands to `null`.
 */
import { parseError, propertyNotFound } from './errors';
import { EMPTY_GUID, normaliseGuid } from './literals';
import type { EntitySetModel, QueryContext, Row } from './model';

export interface ExpandSpec {
  navigations: Map<string, ExpandSpec>;
}

export function emptyExpand(): ExpandSpec {
  return { navigations: new Map() };
}

function addPath(spec: ExpandSpec, segments: string[], model: EntitySetModel, ctx: QueryContext): void {
  const [head, ...rest] = segments;
  if (head === undefined || head === '') throw parseError('$expand');
  const names = head === '*' ? Object.keys(model.navigation) : [head];
  for (const name of names) {
    const nav = Object.prototype.hasOwnProperty.call(model.navigation, name)
      ? model.navigation[name]
      : undefined;
    if (!nav) throw propertyNotFound(name);
    const target = ctx.setModel(nav.targetSet);
    if (!target) throw propertyNotFound(name);
    let child = spec.navigations.get(name);
    if (!child) {
      child = emptyExpand();
      spec.navigations.set(name, child);
    }
    if (rest.length > 0) addPath(child, rest, target, ctx);
  }
}

export function parseExpand(text: string | undefined, ctx: QueryContext): ExpandSpec {
  const spec = emptyExpand();
  if (text === undefined) return spec;
  if (text.length > 4096) throw parseError('$expand');
  for (const item of text.split(',')) {
    addPath(
      spec,
      item.split('/').map((s) => s.trim()),
      ctx.model,
      ctx,
    );
  }
  return spec;
}

export function applyExpand(
  row: Row,
  spec: ExpandSpec,
  ctx: QueryContext,
  model: EntitySetModel = ctx.model,
): Row {
  if (spec.navigations.size === 0) return row;
  const out: Row = { ...row };
  for (const [name, child] of spec.navigations) {
    const nav = model.navigation[name];
    const target = nav ? ctx.setModel(nav.targetSet) : undefined;
    if (!nav || !target) continue;
    const ref = normaliseGuid(String(row[nav.keyProperty] ?? ''));
    const related = ref === undefined || ref === EMPTY_GUID ? undefined : ctx.resolve(nav.targetSet, ref);
    out[name] = related ? applyExpand(related, child, ctx, target) : null;
  }
  return out;
}
