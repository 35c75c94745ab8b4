import type { RequestSettings } from '../../workflows/request-settings';

/** Settings matching the sandboxes' seed (stages of category 10 of smart process 1038). */
export function testSettings(overrides: Partial<RequestSettings> = {}): RequestSettings {
  return {
    entityTypeId: 1038,
    categoryId: 10,
    stages: [
      { stageId: 'DT1038_10:NEW', status: 'Новая' },
      { stageId: 'DT1038_10:PREPARATION', status: 'ВРаботе' },
      { stageId: 'DT1038_10:CLIENT', status: 'ОжидаетУточнения' },
      { stageId: 'DT1038_10:SUCCESS', status: 'Завершена' },
      { stageId: 'DT1038_10:FAIL', status: 'Отменена' },
    ],
    finalStatuses: ['Завершена', 'Отменена'],
    requestTypes: {
      '101': 'Консультация',
      '102': 'Обслуживание',
      '103': 'Ремонт',
      '104': 'Поставка',
      '105': 'Прочее',
    },
    checkInn: true,
    matchingOrder: ['bitrixId', 'inn', 'phone', 'email'],
    clientTypes: { supplierCompanyTypes: ['SUPPLIER'] },
    notifyResponsible: true,
    escalateAfterMs: 24 * 3600 * 1000,
    escalateToUserId: 1,
    onecPollIntervalMs: null,
    ...overrides,
  };
}
