/**
 * All query options of a collection GET applied in 1C's order: filter → count → order → skip → top →
 * expand → select. `$skip` always precedes `$top` whatever their order in the URL [D 17.4.5.5]; with
 * `$inlinecount=allpages` the documented behaviour ignores both (switchable, §4.4).
 */
import { applyExpand, parseExpand, type ExpandSpec } from './expand';
import { compileFilter } from './filter';
import type { QueryContext, Row } from './model';
import type { SystemOptions } from './options';
import { compileOrderBy } from './orderby';
import { applySelect, parseSelect, type SelectSpec } from './select';

export interface CompiledQuery {
  filter?: (row: Row) => boolean;
  orderBy?: (a: Row, b: Row) => number;
  expand: ExpandSpec;
  select: SelectSpec;
  top?: number;
  skip?: number;
  inlineCount: boolean;
}

/** Compiles every option up front so any error surfaces before rows are touched. */
export function compileQuery(options: SystemOptions, ctx: QueryContext): CompiledQuery {
  const expand = parseExpand(options.expand, ctx);
  return {
    filter: options.filter === undefined ? undefined : compileFilter(options.filter, ctx),
    orderBy: options.orderby === undefined ? undefined : compileOrderBy(options.orderby, ctx),
    expand,
    select: parseSelect(options.select, ctx, expand),
    top: options.top,
    skip: options.skip,
    inlineCount: options.inlinecount === 'allpages',
  };
}

export interface QueryResult {
  rows: Row[];
  /** Present with `$inlinecount=allpages`: number of rows matching `$filter`. */
  count?: number;
}

export function runQuery(
  rows: readonly Row[],
  query: CompiledQuery,
  ctx: QueryContext,
  settings: { inlinecountHonorsTop?: boolean } = {},
): QueryResult {
  let result = query.filter ? rows.filter(query.filter) : [...rows];
  const count = query.inlineCount ? result.length : undefined;
  if (query.orderBy) result = [...result].sort(query.orderBy);
  if (!query.inlineCount || settings.inlinecountHonorsTop) {
    const skip = query.skip ?? 0;
    result = result.slice(skip, query.top === undefined ? undefined : skip + query.top);
  }
  const shaped = result.map((row) => applySelect(applyExpand(row, query.expand, ctx), query.select, ctx));
  return count === undefined ? { rows: shaped } : { rows: shaped, count };
}
