/**
 * JSON-light envelopes (§1.4, checklist #4–8, #17): collections `{"odata.metadata", ["odata.count"], "value"}`,
 * single entities inline with `…#Set/@Element`, nav links only in minimalmetadata and only for filled refs.
 */
import type { ResponseFormat } from './format';
import { EMPTY_GUID, type EntitySetDef } from './model';
import { entityPath } from './paths';
import type { Row } from './values';
import type { Wire } from './projection';

type JsonFormat = Extract<ResponseFormat, { kind: 'json' }>;

/** Adds per-entity annotations required by the metadata level to an already projected wire object. */
export function annotate(set: EntitySetDef, row: Row, wire: Wire, format: JsonFormat, root: string): Wire {
  if (format.metadata === 'none') return wire;
  const path = entityPath(set, row);
  const out: Wire =
    format.metadata === 'full'
      ? {
          'odata.type': `StandardODATA.${set.name}`,
          'odata.id': root + path,
          'odata.editLink': path,
          ...wire,
        }
      : { ...wire };
  for (const [nav, def] of Object.entries(set.navigation)) {
    const ref = wire[def.keyProperty];
    if (typeof ref === 'string' && ref !== EMPTY_GUID) out[`${nav}@navigationLinkUrl`] = `${path}/${nav}`;
  }
  return out;
}

export function collectionJson(
  set: EntitySetDef,
  items: { row: Row; wire: Wire }[],
  format: JsonFormat,
  root: string,
  count?: number,
): string {
  const value = items.map((i) => annotate(set, i.row, i.wire, format, root));
  const head: Wire = format.metadata === 'none' ? {} : { 'odata.metadata': `${root}$metadata#${set.name}` };
  if (count !== undefined) head['odata.count'] = String(count);
  return JSON.stringify({ ...head, value });
}

export function entityJson(
  set: EntitySetDef,
  row: Row,
  wire: Wire,
  format: JsonFormat,
  root: string,
): string {
  const body = annotate(set, row, wire, format, root);
  if (format.metadata === 'none') return JSON.stringify(body);
  return JSON.stringify({ 'odata.metadata': `${root}$metadata#${set.name}/@Element`, ...body });
}
