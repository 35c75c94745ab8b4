/**
 * `$select` [D 17.4.8][R3]: `*` = everything, `**` = everything but tabular sections, otherwise exactly the
 * listed properties (no implicit `DataVersion`). `ТЧ/Поле` narrows tabular-section rows, `Nav/Prop`,
 * `Nav/*`, `Nav/**` narrow an expanded entity. Priority per level: `*` > `**` > list. Presentation fields
 * (`X____Presentation`, `*____Presentation`, `Presentation`) are accepted but not produced.
 */
import { parseError, propertyNotFound } from './errors';
import type { ExpandSpec } from './expand';
import { isCollectionType, type EntitySetModel, type QueryContext, type Row } from './model';

export interface SelectSpec {
  all: boolean;
  allButTabular: boolean;
  properties: Set<string>;
  nested: Map<string, SelectSpec>;
}

const PRESENTATION = '____Presentation';

export function selectAll(): SelectSpec {
  return { all: true, allButTabular: false, properties: new Set(), nested: new Map() };
}

function emptySelect(): SelectSpec {
  return { all: false, allButTabular: false, properties: new Set(), nested: new Map() };
}

function has<T>(record: Record<string, T> | undefined, key: string): boolean {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key);
}

function addItem(
  spec: SelectSpec,
  segments: string[],
  model: EntitySetModel,
  ctx: QueryContext,
  expand?: ExpandSpec,
) {
  const [head, ...rest] = segments;
  if (head === undefined || head === '') throw parseError('$select');
  if (rest.length === 0) {
    if (head === '*') spec.all = true;
    else if (head === '**') spec.allButTabular = true;
    else if (head === 'Presentation' || head === `*${PRESENTATION}`) return;
    else if (head.endsWith(PRESENTATION)) {
      const base = head.slice(0, -PRESENTATION.length);
      if (!has(model.properties, base) && !has(model.navigation, base)) throw propertyNotFound(head);
    } else if (has(model.properties, head)) spec.properties.add(head);
    else if (has(model.navigation, head) && expand?.navigations.has(head)) spec.properties.add(head);
    else throw propertyNotFound(head);
    return;
  }
  let childModel: EntitySetModel | undefined;
  let childExpand: ExpandSpec | undefined;
  const headType = has(model.properties, head) ? model.properties[head] : undefined;
  if (headType !== undefined && isCollectionType(headType)) {
    childModel = model.tabularSections?.[head];
  } else if (has(model.navigation, head)) {
    // Selecting into a navigation property only makes sense for an expanded one [D 17.4.8].
    childExpand = expand?.navigations.get(head);
    if (!childExpand) throw parseError('$select');
    const target = model.navigation[head];
    childModel = target ? ctx.setModel(target.targetSet) : undefined;
  }
  if (!childModel) throw propertyNotFound(segments.join('/'));
  let child = spec.nested.get(head);
  if (!child) {
    child = emptySelect();
    spec.nested.set(head, child);
  }
  addItem(child, rest, childModel, ctx, childExpand);
}

export function parseSelect(text: string | undefined, ctx: QueryContext, expand?: ExpandSpec): SelectSpec {
  if (text === undefined) return selectAll();
  if (text.length > 8192) throw parseError('$select');
  const spec = emptySelect();
  for (const item of text.split(',')) {
    addItem(
      spec,
      item.split('/').map((s) => s.trim()),
      ctx.model,
      ctx,
      expand,
    );
  }
  return spec;
}

export function applySelect(
  row: Row,
  spec: SelectSpec,
  ctx: QueryContext,
  model: EntitySetModel = ctx.model,
): Row {
  if (spec.all) return row;
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    const type = model.properties[key];
    const tabular = type !== undefined && isCollectionType(type);
    if (spec.allButTabular) {
      if (!tabular) out[key] = value;
      continue;
    }
    if (spec.properties.has(key)) {
      out[key] = value;
      continue;
    }
    const child = spec.nested.get(key);
    if (!child) continue;
    if (tabular) {
      const rowModel = model.tabularSections?.[key];
      out[key] =
        Array.isArray(value) && rowModel
          ? value.map((r: unknown) => (isRow(r) ? applySelect(r, child, ctx, rowModel) : r))
          : value;
    } else {
      const nav = model.navigation[key];
      const target = nav ? ctx.setModel(nav.targetSet) : undefined;
      out[key] = isRow(value) && target ? applySelect(value, child, ctx, target) : value;
    }
  }
  return out;
}

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
