/**
 * Builds the wire object of one entity: declared properties in GET order, `$expand`ed navigation objects
 * next to their `_Key`, then `$select` projection (§4.2–4.3, checklist #30–31). Parsing and applying the
 * options is the query layer's job; this file only feeds it our rows in the right order.
 */
import {
  applyExpand,
  applySelect,
  parseExpand,
  parseSelect,
  type ExpandSpec,
  type SelectSpec,
} from './query';
import type { EntitySetDef } from './model';
import { queryContext } from './query-adapter';
import type { OneCStore } from './store';
import { defaultValue, type Row } from './values';

export type Wire = Record<string, unknown>;

export interface Projection {
  expand: ExpandSpec;
  select: SelectSpec;
  /** Top-level names in `$select` order: the §9.4 examples list properties the way they were asked for. */
  order: string[];
}

export function parseProjection(
  store: OneCStore,
  set: EntitySetDef,
  options: { expand?: string; select?: string },
): Projection {
  const ctx = queryContext(store, set);
  const expand = parseExpand(options.expand, ctx);
  const order = (options.select ?? '').split(',').map((item) => item.split('/')[0]?.trim() ?? '');
  return { expand, select: parseSelect(options.select, ctx, expand), order: [...new Set(order)] };
}

/** Declared properties of a stored row in GET order; missing ones get the type default. */
export function plainWire(set: EntitySetDef, row: Row): Wire {
  const wire: Wire = {};
  for (const p of set.properties) wire[p.name] = row[p.name] ?? defaultValue(p.type);
  return wire;
}

export function project(store: OneCStore, set: EntitySetDef, row: Row, projection: Projection): Wire {
  const ctx = queryContext(store, set);
  const selected = applySelect(
    applyExpand(plainWire(set, row), projection.expand, ctx),
    projection.select,
    ctx,
  );
  if (projection.select.all || projection.select.allButTabular) return selected;
  const ordered: Wire = {};
  for (const name of projection.order) if (name in selected) ordered[name] = selected[name];
  return Object.assign(ordered, selected);
}
