/**
 * Atom/XML rendering of feeds and entries (§10), the default representation when JSON is not negotiated.
 * Input is the already projected wire object (after `$select`/`$expand`), so both formats show the same data.
 */
import { type EntitySetDef, findSet, propertyOf } from './model';
import { entityPath } from './paths';
import type { Row } from './values';
import { xmlEscape } from './xml';

const NS =
  'xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" ' +
  'xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"';
const RELATED = 'http://schemas.microsoft.com/ado/2007/08/dataservices/related/';
const SCHEME = 'http://schemas.microsoft.com/ado/2007/08/dataservices/scheme';

function propertyXml(set: EntitySetDef, name: string, value: unknown): string {
  const tag = `d:${xmlEscape(name)}`;
  const type = propertyOf(set, name)?.type;
  const typeAttr = type && type !== 'Edm.String' ? ` m:type="${type}"` : '';
  if (value === null || value === undefined) return `<${tag}${typeAttr} m:null="true"/>`;
  const text = String(value);
  return text === '' ? `<${tag}${typeAttr}/>` : `<${tag}${typeAttr}>${xmlEscape(text)}</${tag}>`;
}

export function entryXml(
  set: EntitySetDef,
  row: Row,
  wire: Record<string, unknown>,
  root: string,
  top = true,
): string {
  const path = entityPath(set, row);
  const links = Object.entries(set.navigation).map(([nav, def]) => {
    const head =
      `<link rel="${RELATED}${xmlEscape(nav)}" href="${xmlEscape(`${path}/${nav}`)}" ` +
      `type="application/atom+xml;type=entry;charset=utf-8" title="${xmlEscape(nav)}"`;
    const inline = wire[nav];
    const target = findSet(def.targetSet);
    if (inline && typeof inline === 'object' && target) {
      const inner = inline as Record<string, unknown>;
      const targetRow = { ...inner, Ref_Key: inner.Ref_Key ?? row[def.keyProperty] } as Row;
      return `${head}><m:inline>${entryXml(target, targetRow, inner, root, false)}</m:inline></link>`;
    }
    return `${head}/>`;
  });
  const props = Object.entries(wire)
    .filter(([name]) => !(name in set.navigation) && !name.includes('@'))
    .map(([name, value]) => propertyXml(set, name, value));
  return [
    top ? `<entry ${NS} xml:base="${xmlEscape(root)}">` : '<entry>',
    `<id>${xmlEscape(root + path)}</id>`,
    `<category term="StandardODATA.${xmlEscape(set.name)}" scheme="${SCHEME}"/>`,
    `<link rel="edit" href="${xmlEscape(path)}" title="edit link"/>`,
    ...links,
    `<content type="application/xml"><m:properties>${props.join('')}</m:properties></content>`,
    '</entry>',
  ].join('');
}

export function feedXml(
  set: EntitySetDef,
  entries: { row: Row; wire: Record<string, unknown> }[],
  root: string,
  count?: number,
): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed ${NS} xml:base="${xmlEscape(root)}">`,
    `<id>${xmlEscape(root + set.name)}</id>`,
    `<title type="text">${xmlEscape(set.name)}</title>`,
    count === undefined ? '' : `<m:count>${count}</m:count>`,
    ...entries.map((e) => entryXml(set, e.row, e.wire, root, false)),
    '</feed>',
  ].join('');
}

export function singleEntryXml(
  set: EntitySetDef,
  row: Row,
  wire: Record<string, unknown>,
  root: string,
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${entryXml(set, row, wire, root)}`;
}
