/**
 * Key predicates of entity URLs (§3, checklist #21–22), parsed by the query layer; here the text values
 * are turned back into the stored scalar types so they can address rows in the store.
 */
import { parseKeyPredicate } from './query';
import { type EntitySetDef, propertyOf } from './model';
import type { Scalar } from './values';

export function parseKey(set: EntitySetDef, text: string): Record<string, Scalar> {
  const keyProps = set.keys.map((name) => ({ name, type: propertyOf(set, name)?.type ?? 'Edm.String' }));
  const raw = parseKeyPredicate(text, keyProps);
  const values: Record<string, Scalar> = {};
  for (const { name, type } of keyProps) {
    const v = raw[name] ?? '';
    values[name] =
      type === 'Edm.Boolean'
        ? v === 'true'
        : type === 'Edm.Int16' || type === 'Edm.Int32' || type === 'Edm.Double'
          ? Number(v)
          : v;
  }
  return values;
}
