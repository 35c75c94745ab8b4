/** Seed data of §9.3: the five predefined request statuses and one counterparty, with the documented ids. */
import type { OneCStore } from './store';
import type { Row } from './values';

const STATUSES: [string, string, string, string, number, boolean, string][] = [
  ['a3c1e001-d1a0-11ef-8a3b-0050569f2e01', '000000001', 'Новая', 'Новая', 1, false, 'DT1038_10:NEW'],
  [
    'a3c1e002-d1a0-11ef-8a3b-0050569f2e01',
    '000000002',
    'В работе',
    'ВРаботе',
    2,
    false,
    'DT1038_10:PREPARATION',
  ],
  [
    'a3c1e003-d1a0-11ef-8a3b-0050569f2e01',
    '000000003',
    'Ожидает уточнения',
    'ОжидаетУточнения',
    3,
    false,
    'DT1038_10:CLIENT',
  ],
  [
    'a3c1e004-d1a0-11ef-8a3b-0050569f2e01',
    '000000004',
    'Завершена',
    'Завершена',
    4,
    true,
    'DT1038_10:SUCCESS',
  ],
  ['a3c1e005-d1a0-11ef-8a3b-0050569f2e01', '000000005', 'Отменена', 'Отменена', 5, true, 'DT1038_10:FAIL'],
];

export const SEED_IDS = {
  statusNew: 'a3c1e001-d1a0-11ef-8a3b-0050569f2e01',
  statusInWork: 'a3c1e002-d1a0-11ef-8a3b-0050569f2e01',
  statusDone: 'a3c1e004-d1a0-11ef-8a3b-0050569f2e01',
  counterpartyRomashka: '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01',
} as const;

export function seedStore(store: OneCStore): void {
  for (const [ref, code, description, predefined, order, final, stage] of STATUSES) {
    const row: Row = {
      Ref_Key: ref,
      DataVersion: store.nextDataVersion(),
      DeletionMark: false,
      Code: code,
      Description: description,
      КодСтадииБитрикс24: stage,
      Порядок: order,
      Конечный: final,
      Predefined: true,
      PredefinedDataName: predefined,
    };
    store.put('Catalog_СтатусыЗаявок', row);
  }
  store.put('Catalog_Контрагенты', {
    Ref_Key: SEED_IDS.counterpartyRomashka,
    DataVersion: store.nextDataVersion(),
    DeletionMark: false,
    Code: '000000001',
    Description: 'ООО "Ромашка"',
    ИНН: '7707083893',
    КПП: '770701001',
    ЮридическийАдрес: '125009, г. Москва, ул. Тверская, д. 7',
    Телефон: '+79161234567',
    Email: 'info@romashka.ru',
    ТипКонтрагента: 'ЮридическоеЛицо',
    ИдКомпанииБитрикс24: '42',
    Predefined: false,
    PredefinedDataName: '',
  });
}
