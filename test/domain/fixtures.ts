/** Shared sample data for domain tests: the «Ромашка» request of the reference examples. */
import type { ClientSnapshot, RequestSnapshot, RequestType } from '../../domain/request';

export const REQUEST_TYPES: Record<string, RequestType> = {
  '101': 'Консультация',
  '102': 'Обслуживание',
  '103': 'Ремонт',
  '104': 'Поставка',
  '105': 'Прочее',
};

export function company(overrides: Partial<ClientSnapshot> = {}): ClientSnapshot {
  return {
    kind: 'company',
    id: 42,
    name: 'ООО "Ромашка"',
    phones: ['8 (916) 123-45-67'],
    emails: ['Info@Romashka.ru'],
    inn: '7707083893',
    typeId: 'CUSTOMER',
    ...overrides,
  };
}

export function request(overrides: Partial<RequestSnapshot> = {}): RequestSnapshot {
  return {
    itemId: 187,
    entityTypeId: 1038,
    title: 'Не включается кассовый аппарат',
    stageId: 'DT1038_10:NEW',
    categoryId: 10,
    assignedById: 1,
    assignedByName: 'Иванова Мария',
    description: 'Кассовый аппарат не включается после обновления',
    requestTypeId: '103',
    updatedTime: '2025-01-13T10:15:00+03:00',
    createdTime: '2025-01-13T10:15:00+03:00',
    client: company(),
    ...overrides,
  };
}

export const DEMO_STAGES = [
  { stageId: 'DT1038_10:NEW', status: 'Новая' },
  { stageId: 'DT1038_10:PREPARATION', status: 'ВРаботе' },
  { stageId: 'DT1038_10:CLIENT', status: 'ОжидаетУточнения' },
  { stageId: 'DT1038_10:SUCCESS', status: 'Завершена' },
  { stageId: 'DT1038_10:FAIL', status: 'Отменена' },
];

/** The notification example of reference §8.3. */
export const SAMPLE_NOTIFICATION = {
  event: 'zayavka.status_changed',
  eventId: '0b6f0c7e-d1c5-11ef-8a3b-0050569f2e01',
  occurredAt: '2025-01-13T10:20:05',
  occurredAtUtc: '2025-01-13T07:20:05Z',
  infobase: 'zayavki',
  initiator: 'user',
  zayavka: {
    Ref_Key: '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01',
    Number: '000000015',
    Date: '2025-01-13T10:15:00',
    DataVersion: 'AAAAFgAAAAA=',
    ИдЭлементаБитрикс24: '187',
  },
  status: {
    Ref_Key: 'a3c1e002-d1a0-11ef-8a3b-0050569f2e01',
    PredefinedDataName: 'ВРаботе',
    Description: 'В работе',
    КодСтадииБитрикс24: 'DT1038_10:PREPARATION',
  },
  previousStatus: {
    Ref_Key: 'a3c1e001-d1a0-11ef-8a3b-0050569f2e01',
    PredefinedDataName: 'Новая',
    Description: 'Новая',
    КодСтадииБитрикс24: 'DT1038_10:NEW',
  },
};
