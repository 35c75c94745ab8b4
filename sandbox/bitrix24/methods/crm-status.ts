/**
 * crm.status.list / crm.status.entity.items: reference lists (stages, sources, company and contact types).
 * Legacy method: UPPER_CASE rows, ids as strings, pages of 50.
 */
import { statuses, type StatusRow } from '../crm/model';
import { applyFilter, applyOrder, paginate, parseFilter, parseOrder, parseStart } from '../list-query';
import { legacyError, upperKeys } from './params';
import { value, type MethodHandler } from './types';

const EXTRA_SEMANTICS = { S: 'success', F: 'failure' } as const;

export function renderStatus(row: StatusRow): Record<string, unknown> {
  return {
    ...row,
    EXTRA: { SEMANTICS: row.SEMANTICS ? EXTRA_SEMANTICS[row.SEMANTICS] : 'process', COLOR: row.COLOR },
  };
}

const field = (row: StatusRow, name: string): unknown => row[name.toUpperCase()];

const list: MethodHandler = (raw, ctx) => {
  const params = upperKeys(raw);
  const conditions = parseFilter(params.FILTER, () => legacyError("Parameter 'filter' must be array."));
  const order = parseOrder(params.ORDER, () => legacyError("Parameter 'order' must be array."));
  const rows = applyOrder(
    applyFilter(statuses(ctx.store).all(), conditions, field),
    order.length > 0
      ? order
      : [
          { field: 'SORT', desc: false },
          { field: 'ID', desc: false },
        ],
    field,
  );
  return paginate(rows, parseStart(params.START), (page) => page.map(renderStatus));
};

/** crm.status.entity.items {entityId}: all rows of one list, unpaged. */
const entityItems: MethodHandler = (raw, ctx) => {
  const params = upperKeys(raw);
  const entityId = typeof params.ENTITYID === 'string' ? params.ENTITYID : params.ENTITY_ID;
  if (typeof entityId !== 'string' || entityId === '')
    throw legacyError('The parameter entityId is not defined or invalid.');
  const rows = statuses(ctx.store)
    .all()
    .filter((s) => s.ENTITY_ID === entityId)
    .sort((a, b) => Number(a.SORT) - Number(b.SORT));
  return value(rows.map((row) => ({ NAME: row.NAME, SORT: Number(row.SORT), STATUS_ID: row.STATUS_ID })));
};

export const crmStatusMethods: Record<string, MethodHandler> = {
  'crm.status.list': list,
  'crm.status.entity.items': entityItems,
};
