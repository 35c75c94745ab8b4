/** A small model and data set shaped like our «Заявки» base, shared by the query-layer tests. */
import type { EntitySetModel, QueryContext, Row } from '../../sandbox/onec/query';

export const ROMASHKA = '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01';
export const LUTIK = '5a8c3e11-d1b7-11ef-8a3b-0050569f2e01';
export const NEW_STATUS = 'a3c1e001-d1a0-11ef-8a3b-0050569f2e01';
export const DONE_STATUS = 'a3c1e004-d1a0-11ef-8a3b-0050569f2e01';
export const EMPTY = '00000000-0000-0000-0000-000000000000';

const counterparties: EntitySetModel = {
  name: 'Catalog_Контрагенты',
  properties: {
    Ref_Key: 'Edm.Guid',
    DataVersion: 'Edm.String',
    DeletionMark: 'Edm.Boolean',
    Code: 'Edm.String',
    Description: 'Edm.String',
    ИНН: 'Edm.String',
    Телефон: 'Edm.String',
  },
  navigation: {},
};

const statuses: EntitySetModel = {
  name: 'Catalog_СтатусыЗаявок',
  properties: {
    Ref_Key: 'Edm.Guid',
    Code: 'Edm.String',
    Description: 'Edm.String',
    Порядок: 'Edm.Int16',
    Конечный: 'Edm.Boolean',
  },
  navigation: {},
};

const goodsRow: EntitySetModel = {
  name: 'Document_Заявка_Товары',
  properties: { Ref_Key: 'Edm.Guid', LineNumber: 'Edm.Int64', Товар: 'Edm.String', Цена: 'Edm.Double' },
  navigation: {},
};

export const requests: EntitySetModel = {
  name: 'Document_Заявка',
  properties: {
    Ref_Key: 'Edm.Guid',
    DataVersion: 'Edm.String',
    DeletionMark: 'Edm.Boolean',
    Number: 'Edm.String',
    Date: 'Edm.DateTime',
    Posted: 'Edm.Boolean',
    Контрагент_Key: 'Edm.Guid',
    Статус_Key: 'Edm.Guid',
    ТипЗаявки: 'Edm.String',
    Сумма: 'Edm.Double',
    Количество: 'Edm.Int64',
    Основание: 'Edm.String',
    Основание_Type: 'Edm.String',
    ИдЭлементаБитрикс24: 'Edm.String',
    Товары: 'Collection(StandardODATA.Document_Заявка_Товары_RowType)',
  },
  navigation: {
    Контрагент: { targetSet: 'Catalog_Контрагенты', keyProperty: 'Контрагент_Key' },
    Статус: { targetSet: 'Catalog_СтатусыЗаявок', keyProperty: 'Статус_Key' },
  },
  tabularSections: { Товары: goodsRow },
};

const models = [counterparties, statuses, requests];

const store: Record<string, Row[]> = {
  Catalog_Контрагенты: [
    {
      Ref_Key: ROMASHKA,
      Code: '000000001',
      Description: 'ООО "Ромашка"',
      ИНН: '7707083893',
      DeletionMark: false,
    },
    {
      Ref_Key: LUTIK,
      Code: '000000002',
      Description: 'Бар "Д\'Артаньян"',
      ИНН: '7702000000',
      DeletionMark: false,
    },
  ],
  Catalog_СтатусыЗаявок: [
    { Ref_Key: NEW_STATUS, Code: '000000001', Description: 'Новая', Порядок: 1, Конечный: false },
    { Ref_Key: DONE_STATUS, Code: '000000004', Description: 'Завершена', Порядок: 4, Конечный: true },
  ],
};

/** Three requests; the third has no counterparty yet (empty reference). */
export function requestRows(): Row[] {
  return [
    {
      Ref_Key: '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01',
      DataVersion: 'AAAAFQAAAAA=',
      DeletionMark: false,
      Number: '000000015',
      Date: '2025-01-13T10:15:00',
      Posted: true,
      Контрагент_Key: ROMASHKA,
      Статус_Key: NEW_STATUS,
      ТипЗаявки: 'Ремонт',
      Сумма: 1500.5,
      Количество: '3',
      Основание: ROMASHKA,
      Основание_Type: 'StandardODATA.Catalog_Контрагенты',
      ИдЭлементаБитрикс24: '187',
      Товары: [
        { Ref_Key: '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01', LineNumber: '1', Товар: 'Касса', Цена: 12000 },
        { Ref_Key: '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01', LineNumber: '2', Товар: 'Лента', Цена: 150 },
      ],
    },
    {
      Ref_Key: '7d2e4f61-d1c4-11ef-8a3b-0050569f2e01',
      DataVersion: 'AAAAFgAAAAA=',
      DeletionMark: true,
      Number: '000000016',
      Date: '2025-02-28T23:59:59',
      Posted: false,
      Контрагент_Key: LUTIK,
      Статус_Key: DONE_STATUS,
      ТипЗаявки: 'Консультация   ',
      Сумма: 0,
      Количество: '12',
      Основание: 'просто текст',
      Основание_Type: 'Edm.String',
      ИдЭлементаБитрикс24: '188',
      Товары: [{ Ref_Key: '7d2e4f61-d1c4-11ef-8a3b-0050569f2e01', LineNumber: '1', Товар: 'Чек', Цена: 10 }],
    },
    {
      Ref_Key: '7d2e4f62-d1c4-11ef-8a3b-0050569f2e01',
      DataVersion: 'AAAAFwAAAAA=',
      DeletionMark: false,
      Number: '000000017',
      Date: '2024-12-31T08:00:00',
      Posted: false,
      Контрагент_Key: EMPTY,
      Статус_Key: NEW_STATUS,
      ТипЗаявки: '',
      Сумма: -20.5,
      Количество: '2',
      Основание: '',
      Основание_Type: 'StandardODATA.Undefined',
      ИдЭлементаБитрикс24: '',
      Товары: [],
    },
  ];
}

export function context(model: EntitySetModel = requests): QueryContext {
  return {
    model,
    resolve: (setName, ref) => store[setName]?.find((row) => row.Ref_Key === ref),
    setModel: (name) => models.find((m) => m.name === name),
  };
}
