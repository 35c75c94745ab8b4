/** Finds the entity addressed by a key predicate or answers 404/`9` (checklist #36). */
import type { Base } from '../context';
import { faults } from '../errors';
import { parseKey } from '../keys';
import type { EntitySetDef } from '../model';
import type { Row } from '../values';

export function findEntity(base: Base, set: EntitySetDef, keyText: string): Row {
  const key = base.store.keyFromValues(set, parseKey(set, keyText));
  const row = base.store.get(set.name, key);
  if (!row) throw faults.notFound();
  return row;
}
