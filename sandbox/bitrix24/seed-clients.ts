/**
 * Reference lists (sources, company/contact types, requisite presets) and sample clients: «Ромашка» with INN
 * 7707083893, phone +7 916 123-45-67 and info@romashka.ru, «Вектор», and two contacts.
 */
import { applyMultiFieldChanges } from './crm/multifield';
import { TABLES, type Row } from './crm/model';
import { addStatuses, SEED_TIME } from './seed-statuses';
import type { Bitrix24Store } from './store';

export function seedReferenceLists(store: Bitrix24Store): void {
  addStatuses(store, 'SOURCE', null, [
    ['CALL', 'Звонок', null, ''],
    ['EMAIL', 'Электронная почта', null, ''],
    ['WEB', 'Веб-сайт', null, ''],
    ['OTHER', 'Другое', null, ''],
  ]);
  addStatuses(store, 'COMPANY_TYPE', null, [
    ['CUSTOMER', 'Клиент', null, ''],
    ['SUPPLIER', 'Поставщик', null, ''],
    ['COMPETITOR', 'Конкурент', null, ''],
    ['PARTNER', 'Партнер', null, ''],
    ['OTHER', 'Другое', null, ''],
  ]);
  addStatuses(store, 'CONTACT_TYPE', null, [
    ['CLIENT', 'Клиенты', null, ''],
    ['SUPPLIER', 'Поставщики', null, ''],
    ['PARTNER', 'Партнеры', null, ''],
    ['OTHER', 'Другое', null, ''],
  ]);
  const presets = store.table<Row>(TABLES.presets);
  const presetRows: Array<[number, string]> = [
    [1, 'Организация'],
    [2, 'ИП'],
    [3, 'Физ. лицо'],
  ];
  for (const [id, name] of presetRows) {
    presets.insert(id, {
      ID: String(id),
      ENTITY_TYPE_ID: '8',
      COUNTRY_ID: '1',
      NAME: name,
      ACTIVE: 'Y',
      SORT: String(id * 500),
      XML_ID: '',
    });
  }
}

function insertLegacy(store: Bitrix24Store, table: string, fields: Row, multi: Row): number {
  const t = store.table<Row>(table);
  const id = t.nextId();
  t.insert(id, {
    ...fields,
    ID: String(id),
    DATE_CREATE: SEED_TIME,
    DATE_MODIFY: SEED_TIME,
    CREATED_BY_ID: '1',
    MODIFY_BY_ID: '1',
  });
  const owner = table === TABLES.companies ? 'COMPANY' : 'CONTACT';
  for (const type of ['PHONE', 'EMAIL'] as const)
    if (multi[type]) applyMultiFieldChanges(store, owner, id, type, multi[type]);
  return id;
}

export function seedClients(store: Bitrix24Store): void {
  const company = (title: string, type: string) => ({
    TITLE: title,
    COMPANY_TYPE: type,
    ASSIGNED_BY_ID: '2',
    OPENED: 'Y',
    IS_MY_COMPANY: 'N',
    CURRENCY_ID: 'RUB',
    REVENUE: '0',
    ORIGINATOR_ID: null,
    ORIGIN_ID: null,
  });
  const romashka = insertLegacy(store, TABLES.companies, company('ООО "Ромашка"', 'CUSTOMER'), {
    PHONE: [{ VALUE: '+7 916 123-45-67', VALUE_TYPE: 'WORK' }],
    EMAIL: [{ VALUE: 'info@romashka.ru', VALUE_TYPE: 'WORK' }],
  });
  insertLegacy(store, TABLES.companies, company('АО "Вектор"', 'SUPPLIER'), {
    PHONE: [{ VALUE: '8 (495) 765-43-21', VALUE_TYPE: 'WORK' }],
    EMAIL: [{ VALUE: 'office@vector.example', VALUE_TYPE: 'WORK' }],
  });
  const requisites = store.table<Row>(TABLES.requisites);
  const rqId = requisites.nextId();
  requisites.insert(rqId, {
    ID: String(rqId),
    ENTITY_TYPE_ID: '4',
    ENTITY_ID: String(romashka),
    PRESET_ID: '1',
    NAME: 'Организация',
    CODE: null,
    XML_ID: null,
    ORIGINATOR_ID: null,
    ACTIVE: 'Y',
    ADDRESS_ONLY: 'N',
    SORT: '500',
    DATE_CREATE: SEED_TIME,
    DATE_MODIFY: '',
    CREATED_BY_ID: '1',
    MODIFY_BY_ID: null,
    RQ_INN: '7707083893',
    RQ_KPP: '770701001',
    RQ_OGRN: '1027700132195',
    RQ_COMPANY_NAME: 'ООО "Ромашка"',
    RQ_COMPANY_FULL_NAME: 'Общество с ограниченной ответственностью "Ромашка"',
  });
  const contact = (name: string, lastName: string, companyId: number | null) => ({
    NAME: name,
    LAST_NAME: lastName,
    SECOND_NAME: '',
    TYPE_ID: 'CLIENT',
    OPENED: 'Y',
    EXPORT: 'Y',
    ASSIGNED_BY_ID: '2',
    COMPANY_ID: companyId === null ? null : String(companyId),
    COMPANY_IDS: companyId === null ? [] : [String(companyId)],
  });
  insertLegacy(store, TABLES.contacts, contact('Анна', 'Смирнова', romashka), {
    PHONE: [{ VALUE: '+79031112233', VALUE_TYPE: 'MOBILE' }],
    EMAIL: [{ VALUE: 'a.smirnova@romashka.ru', VALUE_TYPE: 'WORK' }],
  });
  insertLegacy(store, TABLES.contacts, contact('Игорь', 'Кузнецов', null), {
    PHONE: [{ VALUE: '8 903 555-66-77', VALUE_TYPE: 'MOBILE' }],
    EMAIL: [{ VALUE: 'Igor.Kuznetsov@mail.example', VALUE_TYPE: 'HOME' }],
  });
}
