/** GET of collections, `$count`, single entities and navigation targets (§3–4). */
import type { Base, Reply, RequestContext } from '../context';
import { faults, ODataFault } from '../errors';
import { CONTENT_TYPES } from '../format';
import { type EntitySetDef, findSet } from '../model';
import { parseProjection, project } from '../projection';
import { filterRows, sortRows } from '../query-adapter';
import { entityReply } from '../reply';
import { feedXml } from '../serialize-atom';
import { collectionJson } from '../serialize-json';
import type { Row } from '../values';
import { findEntity } from './lookup';

export function readCollection(base: Base, ctx: RequestContext, set: EntitySetDef): Reply {
  const { options } = ctx;
  const projection = parseProjection(base.store, set, options);
  let rows = filterRows(base.store, set, base.store.all(set.name), options.filter);
  rows = sortRows(base.store, set, rows, options.orderby);
  const withCount = options.inlinecount === 'allpages';
  const count = withCount ? rows.length : undefined;
  // §4.4: the 8.3.27 doc says `$inlinecount` makes the server ignore `$skip`/`$top`; switchable.
  if (!withCount || base.inlinecountHonorsTop) {
    const skip = options.skip ?? 0;
    rows = rows.slice(skip, options.top === undefined ? undefined : skip + options.top);
  }
  const items = rows.map((row) => ({
    row,
    wire: project(base.store, set, row, projection),
  }));
  if (ctx.format.kind === 'json') {
    return {
      status: 200,
      headers: { 'Content-Type': CONTENT_TYPES.json },
      body: collectionJson(set, items, ctx.format, ctx.root, count),
    };
  }
  return {
    status: 200,
    headers: { 'Content-Type': CONTENT_TYPES.feed },
    body: feedXml(set, items, ctx.root, count),
  };
}

export function readCount(base: Base, ctx: RequestContext, set: EntitySetDef): Reply {
  const rows = filterRows(base.store, set, base.store.all(set.name), ctx.options.filter);
  return { status: 200, headers: { 'Content-Type': CONTENT_TYPES.text }, body: String(rows.length) };
}

function rejectExpand(ctx: RequestContext): void {
  // §4.3: no `$expand` when reading a single entity (convention: code 0, feature not supported).
  if (ctx.options.expand !== undefined) {
    throw faults.unsupported('The $expand parameter is not supported for a single entity');
  }
}

export function readEntity(base: Base, ctx: RequestContext, set: EntitySetDef, keyText: string): Reply {
  rejectExpand(ctx);
  const row = findEntity(base, set, keyText);
  return entityReply(
    ctx,
    set,
    row,
    project(base.store, set, row, parseProjection(base.store, set, { select: ctx.options.select })),
  );
}

/** `Set(key)/Nav`: the referenced entity itself (404/9 when the reference is empty or dangling). */
export function readNavigation(
  base: Base,
  ctx: RequestContext,
  set: EntitySetDef,
  keyText: string,
  nav: string,
): Reply {
  rejectExpand(ctx);
  const def = set.navigation[nav];
  const target = def ? findSet(def.targetSet) : undefined;
  if (!def || !target) throw new ODataFault(400, '10', `Requested property "${nav}" is not found`);
  const row = findEntity(base, set, keyText);
  const related: Row | undefined = base.store.get(target.name, String(row[def.keyProperty]));
  if (!related) throw faults.notFound();
  const wire = project(
    base.store,
    target,
    related,
    parseProjection(base.store, target, { select: ctx.options.select }),
  );
  return entityReply(ctx, target, related, wire);
}
