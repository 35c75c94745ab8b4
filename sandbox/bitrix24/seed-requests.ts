/**
 * The «Заявки» smart process: crm.type id 5 (so user fields are UF_CRM_5_… / ufCrm5…), entityTypeId 1038,
 * one default pipeline 10 with stages DT1038_10:NEW … SUCCESS (S) / FAIL (F), and its user fields.
 */
import { categories, stageEntityId, types, userFields, type EnumItem } from './crm/model';
import { addStatuses, SEED_TIME } from './seed-statuses';
import type { Bitrix24Store } from './store';

export const REQUESTS_TYPE_ID = 5;
export const REQUESTS_ENTITY_TYPE_ID = 1038;
export const REQUESTS_CATEGORY_ID = 10;

/** User fields of «Заявки» by original name; camelCase names are ufCrm5Description, ufCrm5RequestType, … */
export const REQUEST_FIELDS = {
  description: 'UF_CRM_5_DESCRIPTION',
  requestType: 'UF_CRM_5_REQUEST_TYPE',
  onecNumber: 'UF_CRM_5_ONEC_NUMBER',
  onecRef: 'UF_CRM_5_ONEC_REF',
} as const;

export const REQUEST_TYPE_ITEMS: Array<[number, string]> = [
  [101, 'Консультация'],
  [102, 'Обслуживание'],
  [103, 'Ремонт'],
  [104, 'Поставка'],
  [105, 'Прочее'],
];

export function seedRequests(store: Bitrix24Store): void {
  types(store).insert(REQUESTS_TYPE_ID, {
    id: REQUESTS_TYPE_ID,
    entityTypeId: REQUESTS_ENTITY_TYPE_ID,
    title: 'Заявки',
    code: 'requests',
    customSectionId: null,
    isCategoriesEnabled: 'Y',
    isStagesEnabled: 'Y',
    isBeginCloseDatesEnabled: 'Y',
    isClientEnabled: 'Y',
    isUseInUserfieldEnabled: 'Y',
    isLinkWithProductsEnabled: 'N',
    isMycompanyEnabled: 'N',
    isDocumentsEnabled: 'N',
    isSourceEnabled: 'Y',
    isObserversEnabled: 'Y',
    isRecyclebinEnabled: 'Y',
    isAutomationEnabled: 'Y',
    isBizProcEnabled: 'Y',
    isSetOpenPermissions: 'Y',
    isPaymentsEnabled: 'N',
    isCountersEnabled: 'N',
    createdBy: 1,
    updatedBy: 1,
    createdTime: SEED_TIME,
    updatedTime: SEED_TIME,
  });
  categories(store).insert(REQUESTS_CATEGORY_ID, {
    id: REQUESTS_CATEGORY_ID,
    name: 'Заявки',
    sort: 500,
    entityTypeId: REQUESTS_ENTITY_TYPE_ID,
    isDefault: 'Y',
  });
  const p = `DT${REQUESTS_ENTITY_TYPE_ID}_${REQUESTS_CATEGORY_ID}:`;
  addStatuses(
    store,
    stageEntityId(REQUESTS_ENTITY_TYPE_ID, REQUESTS_CATEGORY_ID),
    String(REQUESTS_CATEGORY_ID),
    [
      [`${p}NEW`, 'Новая', null, '#39A8EF'],
      [`${p}PREPARATION`, 'В работе', null, '#2FC6F6'],
      [`${p}CLIENT`, 'Ожидает клиента', null, '#55D0E0'],
      [`${p}SUCCESS`, 'Выполнена', 'S', '#7BD500'],
      [`${p}FAIL`, 'Отменена', 'F', '#FF5752'],
    ],
  );
  const list: EnumItem[] = REQUEST_TYPE_ITEMS.map(([id, text], i) => ({
    ID: String(id),
    VALUE: text,
    SORT: String((i + 1) * 100),
    DEF: 'N',
    XML_ID: `REQUEST_TYPE_${id}`,
  }));
  const ufs: Array<[string, 'string' | 'enumeration', string, EnumItem[] | undefined]> = [
    [REQUEST_FIELDS.description, 'string', 'Описание', undefined],
    [REQUEST_FIELDS.requestType, 'enumeration', 'Тип заявки', list],
    [REQUEST_FIELDS.onecNumber, 'string', 'Номер в 1С', undefined],
    [REQUEST_FIELDS.onecRef, 'string', 'Ссылка в 1С', undefined],
  ];
  for (const [name, typeId, title, items] of ufs) {
    const id = userFields(store).nextId();
    userFields(store).insert(id, {
      ID: String(id),
      ENTITY_ID: `CRM_${REQUESTS_TYPE_ID}`,
      FIELD_NAME: name,
      USER_TYPE_ID: typeId,
      MULTIPLE: 'N',
      MANDATORY: 'N',
      TITLE: title,
      ...(items ? { LIST: items } : {}),
    });
  }
}
