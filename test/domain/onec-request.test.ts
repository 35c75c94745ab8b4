import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clientCriteria,
  formatBitrixClientKey,
  itemDraft,
  itemTitle,
  itemUrl,
  onecStatusMessage,
  parseBitrixClientKey,
  requestTypeEnumId,
  requisiteDraft,
  responsibleUserId,
  type OneCCounterpartySnapshot,
  type OneCRequestSnapshot,
} from '../../domain/onec-request';
import { createStatusMap } from '../../domain/status-map';

const counterparty: OneCCounterpartySnapshot = {
  ref: '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01',
  name: 'ООО "Ромашка"',
  inn: '7707083893',
  phone: '8 (916) 123-45-67',
  email: 'Info@Romashka.ru',
  legalAddress: 'г. Москва, ул. Тверская, д. 7',
  type: 'ЮридическоеЛицо',
  bitrixKey: '42',
};

const document: OneCRequestSnapshot = {
  ref: '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01',
  number: '000000015',
  date: '2025-01-13T10:15:00',
  posted: true,
  deletionMark: false,
  counterpartyRef: counterparty.ref,
  description: 'Не включается касса\nс утра',
  type: 'Ремонт',
  status: 'ВРаботе',
  responsible: ' петров   сергей ',
  bitrixItemId: '',
};

const rules = { responsibleUsers: { 'Петров Сергей': 3 }, fallbackUserId: 1 };
const requestTypes = { '101': 'Консультация', '103': 'Ремонт', '113': 'Ремонт' } as const;
const map = createStatusMap([
  { stageId: 'DT1038_10:NEW', status: 'Новая' },
  { stageId: 'DT1038_10:PREPARATION', status: 'ВРаботе' },
]);

describe('Bitrix24 client key of a counterparty', () => {
  it('reads companies as bare ids and contacts with a C, and round-trips', () => {
    assert.deepEqual(parseBitrixClientKey(' 42 '), { kind: 'company', id: 42 });
    assert.deepEqual(parseBitrixClientKey('C7'), { kind: 'contact', id: 7 });
    for (const bad of ['', '0', 'X42', '4.2', 'C']) assert.equal(parseBitrixClientKey(bad), null, bad);
    assert.equal(formatBitrixClientKey({ kind: 'contact', id: 7 }), 'C7');
    assert.equal(formatBitrixClientKey({ kind: 'company', id: 42 }), '42');
  });
});

describe('clientCriteria', () => {
  it('follows the configured order with normalised phone and e-mail', () => {
    assert.deepEqual(clientCriteria(counterparty, ['email', 'inn', 'phone', 'bitrixId']), [
      { rule: 'email', value: 'info@romashka.ru' },
      { rule: 'inn', value: '7707083893' },
      { rule: 'phone', value: '+79161234567' },
      { rule: 'bitrixId', value: '42' },
    ]);
  });

  it('never searches by an INN failing the checksum or an empty link', () => {
    const rules = clientCriteria({ ...counterparty, inn: '7707083890', bitrixKey: '' }, ['bitrixId', 'inn']);
    assert.deepEqual(rules, []);
  });
});

describe('requisiteDraft', () => {
  it('10 digits → organisation, 12 → sole proprietor, invalid or missing → none', () => {
    assert.equal(requisiteDraft(counterparty)?.kind, 'legal');
    assert.equal(requisiteDraft({ ...counterparty, inn: '500100732259' })?.kind, 'individual');
    assert.equal(requisiteDraft({ ...counterparty, inn: '7707083890' }), null);
    assert.equal(requisiteDraft({ ...counterparty, inn: ' ' }), null);
  });
});

describe('item of a 1C-born request', () => {
  it('maps responsible by name (case and blanks ignored), else the fallback user', () => {
    assert.equal(responsibleUserId(document.responsible, rules), 3);
    assert.equal(responsibleUserId('Сидоров', rules), 1);
    assert.equal(responsibleUserId('', rules), 1);
  });

  it('maps the request type back to the lowest enumeration id', () => {
    assert.equal(requestTypeEnumId('Ремонт', requestTypes), '103');
    assert.equal(requestTypeEnumId('Поставка', requestTypes), null);
    assert.equal(requestTypeEnumId(null, requestTypes), null);
  });

  it('titles it from the first line of the description and the 1C number, bounded', () => {
    assert.equal(itemTitle(document), 'Не включается касса (1С № 000000015)');
    assert.equal(itemTitle({ ...document, description: '  ' }), 'Заявка 1С № 000000015');
    assert.ok(itemTitle({ ...document, description: 'я'.repeat(500) }).length <= 120);
  });

  it('takes the stage from the 1C status, the first stage when unmapped, and carries the 1C reference', () => {
    const client = { kind: 'company', id: 1 } as const;
    const draft = itemDraft(document, client, { map, requestTypes, rules });
    assert.deepEqual(draft, {
      title: 'Не включается касса (1С № 000000015)',
      description: document.description,
      requestTypeId: '103',
      stageId: 'DT1038_10:PREPARATION',
      assignedById: 3,
      client,
      onecRef: document.ref,
      onecNumber: '000000015',
    });
    assert.equal(
      itemDraft({ ...document, status: 'Отменена' }, client, { map, requestTypes, rules }).stageId,
      'DT1038_10:NEW',
    );
  });
});

describe('manager notification of a 1C status change', () => {
  it('names the status in Russian and links the item card', () => {
    const url = itemUrl('https://portal.bitrix24.ru/', 1038, 187);
    assert.equal(url, 'https://portal.bitrix24.ru/crm/type/1038/details/187/');
    assert.equal(
      onecStatusMessage({ itemId: 187, documentNumber: '000000015', status: 'ОжидаетУточнения', url }),
      'В 1С изменён статус заявки № 187 (документ 1С № 000000015): «Ожидает уточнения». ' +
        '[URL=https://portal.bitrix24.ru/crm/type/1038/details/187/]Открыть заявку[/URL]',
    );
    assert.doesNotMatch(
      onecStatusMessage({ itemId: 1, documentNumber: '1', status: 'Завершена', url: null }),
      /URL/,
    );
  });
});
