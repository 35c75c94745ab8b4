/**
 * Multifields (PHONE, EMAIL, WEB, IM) of companies and contacts, stored as separate rows like Bitrix24's
 * b_crm_field_multi. Update semantics from the docs: an element with ID changes that value, an element with
 * ID and an empty VALUE deletes it, an element without ID (or with an `n0`-style key) adds one.
 */
import type { Bitrix24Store } from '../store';
import { Bitrix24ApiError } from '../methods/types';
import { multiFields, type MultiFieldRow } from './model';

export const MULTIFIELD_TYPES = ['PHONE', 'EMAIL', 'WEB', 'IM'] as const;
export type MultiFieldType = (typeof MULTIFIELD_TYPES)[number];
export type MultiFieldOwner = MultiFieldRow['ENTITY_ID'];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Values by owner and element, rebuilt when the table changed: a list page reads them for 50 rows at once. */
const indexes = new WeakMap<object, { version: number; byOwner: Map<string, MultiFieldRow[]> }>();

function valuesOf(store: Bitrix24Store, owner: MultiFieldOwner, elementId: number): MultiFieldRow[] {
  const table = multiFields(store);
  let index = indexes.get(table);
  if (!index || index.version !== table.version) {
    const byOwner = new Map<string, MultiFieldRow[]>();
    for (const m of table.all()) {
      const key = `${m.ENTITY_ID}:${m.ELEMENT_ID}`;
      byOwner.set(key, [...(byOwner.get(key) ?? []), m]);
    }
    index = { version: table.version, byOwner };
    indexes.set(table, index);
  }
  return index.byOwner.get(`${owner}:${elementId}`) ?? [];
}

export function readMultiFields(
  store: Bitrix24Store,
  owner: MultiFieldOwner,
  elementId: number,
  typeId: string,
) {
  return valuesOf(store, owner, elementId)
    .filter((m) => m.TYPE_ID === typeId)
    .map((m) => ({ ID: m.ID, VALUE_TYPE: m.VALUE_TYPE, VALUE: m.VALUE, TYPE_ID: m.TYPE_ID }));
}

export const hasMultiField = (
  store: Bitrix24Store,
  owner: MultiFieldOwner,
  elementId: number,
  typeId: string,
): boolean => readMultiFields(store, owner, elementId, typeId).length > 0;

interface Change {
  id?: number;
  value: string;
  valueType?: string;
  remove: boolean;
}

function parseChanges(raw: unknown): Change[] {
  const entries: Array<[string, unknown]> = Array.isArray(raw)
    ? raw.map((v, i) => [String(i), v])
    : raw && typeof raw === 'object'
      ? Object.entries(raw)
      : [];
  return entries.flatMap(([key, element]) => {
    if (!element || typeof element !== 'object' || Array.isArray(element)) return [];
    const e = element as Record<string, unknown>;
    const idRaw = e.ID ?? (/^\d+$/.test(key) && !Array.isArray(raw) ? key : undefined);
    const id = idRaw === undefined || idRaw === '' ? undefined : Number(idRaw);
    const value = e.VALUE === undefined || e.VALUE === null ? '' : String(e.VALUE).trim();
    const valueType =
      typeof e.VALUE_TYPE === 'string' && e.VALUE_TYPE !== '' ? e.VALUE_TYPE.toUpperCase() : undefined;
    const remove = e.DELETE === 'Y' || (id !== undefined && value === '');
    return [{ id: Number.isInteger(id) ? id : undefined, value, valueType, remove }];
  });
}

/** Validates first, then writes, so a bad email leaves the entity untouched. */
export function applyMultiFieldChanges(
  store: Bitrix24Store,
  owner: MultiFieldOwner,
  elementId: number,
  typeId: MultiFieldType,
  raw: unknown,
): void {
  const changes = parseChanges(raw);
  if (typeId === 'EMAIL' && changes.some((c) => !c.remove && c.value !== '' && !EMAIL.test(c.value))) {
    throw new Bitrix24ApiError('ERROR_CORE', 'The E-mail field contains an invalid address', 400);
  }
  const table = multiFields(store);
  for (const change of changes) {
    const existing = change.id === undefined ? undefined : table.get(change.id);
    const owned =
      existing &&
      existing.ENTITY_ID === owner &&
      existing.ELEMENT_ID === String(elementId) &&
      existing.TYPE_ID === typeId;
    if (owned && existing) {
      if (change.remove) table.delete(Number(existing.ID));
      else
        table.insert(Number(existing.ID), {
          ...existing,
          VALUE: change.value,
          VALUE_TYPE: change.valueType ?? existing.VALUE_TYPE,
        });
      continue;
    }
    if (change.remove || change.value === '') continue;
    const id = table.nextId();
    table.insert(id, {
      ID: String(id),
      ENTITY_ID: owner,
      ELEMENT_ID: String(elementId),
      TYPE_ID: typeId,
      VALUE_TYPE: change.valueType ?? 'WORK',
      VALUE: change.value,
    });
  }
}

export function deleteMultiFields(store: Bitrix24Store, owner: MultiFieldOwner, elementId: number): void {
  const table = multiFields(store);
  for (const row of table.all())
    if (row.ENTITY_ID === owner && row.ELEMENT_ID === String(elementId)) table.delete(Number(row.ID));
}
