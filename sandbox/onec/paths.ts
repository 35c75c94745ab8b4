/** Canonical entity URLs: `Set(guid'…')` for reference objects, `Set(Name=literal,…)` for register records. */
import { type EntitySetDef, propertyOf } from './model';
import { formatLiteral, type Row } from './values';

export function entityPath(set: EntitySetDef, row: Row): string {
  if (set.keys.length === 1 && set.keys[0] === 'Ref_Key') return `${set.name}(guid'${String(row.Ref_Key)}')`;
  const parts = set.keys.map((k) => {
    const prop = propertyOf(set, k);
    return `${k}=${formatLiteral(prop?.type ?? 'Edm.String', row[k] ?? '')}`;
  });
  return `${set.name}(${parts.join(',')})`;
}

/**
 * Percent-encodes a path for the `Location` header (Cyrillic set names, spaces or `#` in string keys) while
 * keeping the OData punctuation `(`, `)`, `'`, `=`, `,` and `:` readable, as the reference examples show.
 */
export function encodeLocationPath(path: string): string {
  return encodeURIComponent(path).replace(/%(27|28|29|3D|2C|3A)/g, (_m, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}
