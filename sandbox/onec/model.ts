/**
 * The metadata of our «Заявки» base as the standard OData interface publishes it (reference §9.1–9.2).
 * Everything else in the emulator (metadata document, serializers, validation, key predicates) is driven
 * from these definitions, so adding an attribute here is the only change needed to expose it.
 */

export type EdmType =
  | 'Edm.Guid'
  | 'Edm.String'
  | 'Edm.Boolean'
  | 'Edm.DateTime'
  | 'Edm.Int16'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.Double';

export type SetKind = 'catalog' | 'document' | 'register';

export interface PropertyDef {
  name: string;
  type: EdmType;
  /** Enumeration name for enum-typed attributes; EDM still says Edm.String, the member list constrains writes. */
  enumType?: string;
  /** System properties the client cannot write (Posted only through Post/Unpost, DataVersion, Predefined…). */
  readOnly?: boolean;
}

export interface NavigationDef {
  targetSet: string;
  /** The `<Nav>_Key` property holding the reference. */
  keyProperty: string;
}

export interface EntitySetDef {
  name: string;
  kind: SetKind;
  /** Key property names in URL order; reference objects have only `Ref_Key`. */
  keys: string[];
  /** Properties in the order a real GET returns them (§2.2). */
  properties: PropertyDef[];
  /** Property order of the EntityType in `$metadata` (§9.2 differs from the GET order). */
  edmxOrder: string[];
  navigation: Record<string, NavigationDef>;
}

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
export const EMPTY_DATE = '0001-01-01T00:00:00';

export const ENUMS: Record<string, string[]> = {
  ТипыКонтрагентов: ['ФизическоеЛицо', 'ЮридическоеЛицо', 'Поставщик'],
  ТипыЗаявок: ['Консультация', 'Обслуживание', 'Ремонт', 'Поставка', 'Прочее'],
  ТипыВзаимодействий: [
    'Звонок',
    'ЭлектронноеПисьмо',
    'Встреча',
    'Комментарий',
    'Уведомление',
    'ОбменДанными',
  ],
  НаправленияВзаимодействий: ['Входящее', 'Исходящее'],
};

const catalogHead: PropertyDef[] = [
  { name: 'Ref_Key', type: 'Edm.Guid' },
  { name: 'DataVersion', type: 'Edm.String', readOnly: true },
  { name: 'DeletionMark', type: 'Edm.Boolean' },
  { name: 'Code', type: 'Edm.String' },
  { name: 'Description', type: 'Edm.String' },
];
const catalogTail: PropertyDef[] = [
  { name: 'Predefined', type: 'Edm.Boolean', readOnly: true },
  { name: 'PredefinedDataName', type: 'Edm.String', readOnly: true },
];
const catalogEdmxHead = [
  'Ref_Key',
  'Predefined',
  'PredefinedDataName',
  'DataVersion',
  'Description',
  'Code',
  'DeletionMark',
];

const counterparties: EntitySetDef = {
  name: 'Catalog_Контрагенты',
  kind: 'catalog',
  keys: ['Ref_Key'],
  properties: [
    ...catalogHead,
    { name: 'ИНН', type: 'Edm.String' },
    // Строка(9), as in typical configurations; an organisation's only (empty for persons and entrepreneurs).
    { name: 'КПП', type: 'Edm.String' },
    { name: 'ЮридическийАдрес', type: 'Edm.String' },
    { name: 'Телефон', type: 'Edm.String' },
    { name: 'Email', type: 'Edm.String' },
    { name: 'ТипКонтрагента', type: 'Edm.String', enumType: 'ТипыКонтрагентов' },
    { name: 'ИдКомпанииБитрикс24', type: 'Edm.String' },
    ...catalogTail,
  ],
  edmxOrder: [
    ...catalogEdmxHead,
    ...['ИНН', 'КПП', 'ЮридическийАдрес', 'Телефон', 'Email', 'ТипКонтрагента', 'ИдКомпанииБитрикс24'],
  ],
  navigation: {},
};

const statuses: EntitySetDef = {
  name: 'Catalog_СтатусыЗаявок',
  kind: 'catalog',
  keys: ['Ref_Key'],
  properties: [
    ...catalogHead,
    { name: 'КодСтадииБитрикс24', type: 'Edm.String' },
    { name: 'Порядок', type: 'Edm.Int16' },
    { name: 'Конечный', type: 'Edm.Boolean' },
    ...catalogTail,
  ],
  edmxOrder: [...catalogEdmxHead, 'КодСтадииБитрикс24', 'Порядок', 'Конечный'],
  navigation: {},
};

const requests: EntitySetDef = {
  name: 'Document_Заявка',
  kind: 'document',
  keys: ['Ref_Key'],
  properties: [
    { name: 'Ref_Key', type: 'Edm.Guid' },
    { name: 'DataVersion', type: 'Edm.String', readOnly: true },
    { name: 'DeletionMark', type: 'Edm.Boolean' },
    { name: 'Number', type: 'Edm.String' },
    { name: 'Date', type: 'Edm.DateTime' },
    { name: 'Posted', type: 'Edm.Boolean', readOnly: true },
    { name: 'Контрагент_Key', type: 'Edm.Guid' },
    { name: 'Описание', type: 'Edm.String' },
    { name: 'ТипЗаявки', type: 'Edm.String', enumType: 'ТипыЗаявок' },
    { name: 'Статус_Key', type: 'Edm.Guid' },
    { name: 'Ответственный', type: 'Edm.String' },
    { name: 'ИдЭлементаБитрикс24', type: 'Edm.String' },
  ],
  edmxOrder: [
    ...['Ref_Key', 'DataVersion', 'Number', 'Date', 'DeletionMark', 'Posted', 'Контрагент_Key', 'Описание'],
    ...['ТипЗаявки', 'Статус_Key', 'Ответственный', 'ИдЭлементаБитрикс24'],
  ],
  navigation: {
    Контрагент: { targetSet: 'Catalog_Контрагенты', keyProperty: 'Контрагент_Key' },
    Статус: { targetSet: 'Catalog_СтатусыЗаявок', keyProperty: 'Статус_Key' },
  },
};

const history: EntitySetDef = {
  name: 'InformationRegister_ИсторияВзаимодействий',
  kind: 'register',
  keys: ['Period', 'Заявка_Key', 'Контрагент_Key', 'ИдСобытия'],
  properties: [
    { name: 'Period', type: 'Edm.DateTime' },
    { name: 'Заявка_Key', type: 'Edm.Guid' },
    { name: 'Контрагент_Key', type: 'Edm.Guid' },
    { name: 'ИдСобытия', type: 'Edm.String' },
    { name: 'ТипВзаимодействия', type: 'Edm.String', enumType: 'ТипыВзаимодействий' },
    { name: 'Направление', type: 'Edm.String', enumType: 'НаправленияВзаимодействий' },
    { name: 'Статус', type: 'Edm.String' },
    { name: 'Сообщение', type: 'Edm.String' },
    { name: 'Ответственный', type: 'Edm.String' },
  ],
  edmxOrder: [
    ...['Period', 'Заявка_Key', 'Контрагент_Key', 'ИдСобытия', 'ТипВзаимодействия', 'Направление'],
    ...['Статус', 'Сообщение', 'Ответственный'],
  ],
  navigation: {
    Заявка: { targetSet: 'Document_Заявка', keyProperty: 'Заявка_Key' },
    Контрагент: { targetSet: 'Catalog_Контрагенты', keyProperty: 'Контрагент_Key' },
  },
};

/** Published sets in service-document / container order. */
export const ENTITY_SETS: EntitySetDef[] = [counterparties, statuses, requests, history];

const byName = new Map(ENTITY_SETS.map((s) => [s.name, s]));

export function findSet(name: string): EntitySetDef | undefined {
  return byName.get(name);
}

export function propertyOf(set: EntitySetDef, name: string): PropertyDef | undefined {
  return set.properties.find((p) => p.name === name);
}

/**
 * Our base has no tabular sections, yet clients must see code 13 when they POST rows directly (checklist #52).
 * Convention [O]: a name `<published catalog/document>_<Suffix>` is treated as a tabular-section set for POST.
 */
export function ownerOfTabularSection(name: string): EntitySetDef | undefined {
  return ENTITY_SETS.find((s) => s.kind !== 'register' && name.startsWith(`${s.name}_`));
}
