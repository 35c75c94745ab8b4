/**
 * Smart-process items between storage and the wire: rendering with camelCase or original UF names, and applying
 * a client's `fields` with validation of categories, stages and user-field values.
 */
import type { Bitrix24Store } from '../store';
import { nowPortalDate } from '../dates';
import { Bitrix24ApiError } from '../methods/types';
import { ITEM_FIELD_BY_NAME, ITEM_FIELDS, normalizeValue, userFieldKind } from './item-fields';
import { categoriesOf, stagesOf, userFieldsOf, type Row, type TypeRow, type UserFieldRow } from './model';
import { ufFromAnyName, ufToCamel } from './uf-names';

export const ufEntityId = (type: TypeRow): string => `CRM_${type.id}`;

const notValid = (title: string): Bitrix24ApiError =>
  new Bitrix24ApiError('CRM_FIELD_ERROR_VALUE_NOT_VALID', `Invalid value for field "${title}"`, 400);

/** Maps a client's field name (camelCase, or UF in either naming) to the stored key. */
export function storedFieldName(store: Bitrix24Store, type: TypeRow, name: string): string | undefined {
  if (ITEM_FIELD_BY_NAME.has(name)) return name;
  if (name === 'entityTypeId') return name;
  const ufNames = userFieldsOf(store, ufEntityId(type)).map((f) => f.FIELD_NAME);
  return ufFromAnyName(name, ufNames);
}

/** `select` entries: `*` (everything), exact names, or prefixes such as `ufCrm5*` / `UF_*`. */
function wantsField(select: string[], name: string, camel: string): boolean {
  if (select.length === 0 || select.includes('*') || name === 'id') return true;
  return select.some((s) => {
    if (s === name || s === camel) return true;
    if (!s.endsWith('*')) return false;
    const prefix = s.slice(0, -1);
    return name.startsWith(prefix) || camel.startsWith(prefix);
  });
}

export function renderItem(
  store: Bitrix24Store,
  type: TypeRow,
  row: Row,
  useOriginal: boolean,
  select: string[] = [],
): Row {
  const out: Row = {};
  for (const def of ITEM_FIELDS) {
    if (wantsField(select, def.name, def.name)) out[def.name] = row[def.name] ?? (def.multiple ? [] : null);
  }
  for (const uf of userFieldsOf(store, ufEntityId(type))) {
    const camel = ufToCamel(uf.FIELD_NAME);
    if (!wantsField(select, uf.FIELD_NAME, camel)) continue;
    out[useOriginal ? uf.FIELD_NAME : camel] = row[uf.FIELD_NAME] ?? (uf.MULTIPLE === 'Y' ? [] : null);
  }
  out.entityTypeId = type.entityTypeId;
  return out;
}

function applyUserField(row: Row, uf: UserFieldRow, raw: unknown): void {
  const kind = userFieldKind(uf);
  const list = uf.MULTIPLE === 'Y' ? (Array.isArray(raw) ? raw : [raw]) : [raw];
  const values = list.map((v) => normalizeValue(kind, v));
  if (values.some((v) => v === undefined)) throw notValid(uf.TITLE);
  if (uf.USER_TYPE_ID === 'enumeration') {
    const known = new Set((uf.LIST ?? []).map((item) => Number(item.ID)));
    if (values.some((v) => v !== null && !known.has(v as number))) throw notValid(uf.TITLE);
  }
  row[uf.FIELD_NAME] = uf.MULTIPLE === 'Y' ? values.filter((v) => v !== null) : (values[0] ?? null);
}

/**
 * Applies `fields` onto `row` (mutating it). Unknown and read-only fields are ignored, as Bitrix24 does.
 * Keeps the stage consistent with the category: a new category without a stage resets to its first stage.
 */
export function applyItemFields(
  store: Bitrix24Store,
  type: TypeRow,
  row: Row,
  fields: Record<string, unknown>,
  userId: number,
  isNew: boolean,
): void {
  const ufs = userFieldsOf(store, ufEntityId(type));
  const before = { categoryId: row.categoryId, stageId: row.stageId };
  for (const [name, raw] of Object.entries(fields)) {
    const def = ITEM_FIELD_BY_NAME.get(name);
    if (def) {
      if (def.readOnly) continue;
      const normalized = normalizeValue(def.kind, raw);
      if (normalized === undefined) throw notValid(def.title);
      row[name] = normalized;
      continue;
    }
    const ufName = ufFromAnyName(
      name,
      ufs.map((f) => f.FIELD_NAME),
    );
    const uf = ufs.find((f) => f.FIELD_NAME === ufName);
    if (uf) applyUserField(row, uf, raw);
  }

  const cats = categoriesOf(store, type.entityTypeId);
  const defaultCategory = cats.find((c) => c.isDefault === 'Y') ?? cats[0];
  if (row.categoryId === null || row.categoryId === undefined) row.categoryId = defaultCategory?.id ?? 0;
  if (type.isCategoriesEnabled === 'N' && defaultCategory) row.categoryId = defaultCategory.id;
  if (!cats.some((c) => c.id === row.categoryId)) throw notValid('Pipeline');
  const stages = stagesOf(store, type.entityTypeId, Number(row.categoryId));
  const categoryChanged = !isNew && row.categoryId !== before.categoryId;
  if (
    row.stageId === null ||
    row.stageId === undefined ||
    (categoryChanged && row.stageId === before.stageId)
  ) {
    row.stageId = stages[0]?.STATUS_ID ?? null;
  }
  if (type.isStagesEnabled === 'Y' && !stages.some((s) => s.STATUS_ID === row.stageId))
    throw notValid('Stage');

  const now = nowPortalDate();
  if (isNew) {
    row.createdBy = userId;
    row.createdTime = now;
    row.movedBy = userId;
    row.movedTime = now;
    row.opened ??= 'Y';
    row.assignedById ??= userId;
    row.currencyId ??= 'RUB';
    row.opportunity ??= 0;
    row.isManualOpportunity ??= 'N';
    row.previousStageId = null;
  } else if (row.stageId !== before.stageId) {
    row.previousStageId = before.stageId ?? null;
    row.movedBy = userId;
    row.movedTime = now;
  }
  if (Array.isArray(row.contactIds) && row.contactIds.length > 0) row.contactId = row.contactIds[0];
  else if (typeof row.contactId === 'number' && fields.contactIds === undefined)
    row.contactIds = [row.contactId];
  row.updatedBy = userId;
  row.updatedTime = now;
}
