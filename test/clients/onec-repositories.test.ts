import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { OneCClient } from '../../activities/onec/client';
import {
  createCounterparty,
  findCounterparty,
  getCounterparty,
  updateCounterparty,
} from '../../activities/onec/counterparties';
import { OneCPreconditionFailed } from '../../activities/onec/errors';
import { writeHistory } from '../../activities/onec/history';
import {
  createRequest,
  findRequestByItemId,
  getRequest,
  listRequestVersions,
  postRequest,
  setRequestStatus,
} from '../../activities/onec/requests';
import { listStatuses } from '../../activities/onec/statuses';
import {
  decodedPath,
  decodedQuery,
  startFake,
  type FakeServer,
  type Received,
  type Reply,
} from './fake-server';

const ROOT = '/zayavki/odata/standard.odata/';
const DOC = '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01';
const PARTY = '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01';
const NEW_STATUS = 'a3c1e001-d1a0-11ef-8a3b-0050569f2e01';
const IN_WORK = 'a3c1e002-d1a0-11ef-8a3b-0050569f2e01';

const COUNTERPARTY = {
  Ref_Key: PARTY,
  DataVersion: 'AAAAFAAAAAA=',
  Description: 'ООО "Ромашка"',
  ИНН: '7707083893',
  Телефон: '+79161234567',
  Email: 'info@romashka.ru',
  ТипКонтрагента: 'ЮридическоеЛицо',
  ИдКомпанииБитрикс24: '42',
};
const DOCUMENT = {
  Ref_Key: DOC,
  DataVersion: 'AAAAFQAAAAA=',
  DeletionMark: false,
  Number: '000000015',
  Date: '2025-01-13T10:15:00',
  Posted: false,
  Контрагент_Key: PARTY,
  Описание: 'Не включается кассовый аппарат',
  ТипЗаявки: 'Ремонт',
  Статус_Key: NEW_STATUS,
  Ответственный: 'Иванова Мария',
  ИдЭлементаБитрикс24: '187',
};
const odataError = (code: string, value: string) => ({
  'odata.error': { code, message: { lang: 'ru', value } },
});

let script: Array<(req: Received) => Reply> = [];
let base: FakeServer;
let c: OneCClient;

before(async () => {
  base = await startFake((req) => {
    const step = script.shift();
    return step ? step(req) : { status: 599, body: 'unscripted request' };
  });
  c = new OneCClient({
    odataUrl: `${base.origin}${ROOT}`,
    user: 'odata',
    password: 'odata',
    dataLoadMode: true,
  });
});
after(() => base.close());
let from = 0;
beforeEach(() => {
  from = base.received.length;
});
const sent = () => base.received.slice(from);

describe('counterparties', () => {
  it('finds by INN with exactly the reference query', async () => {
    script = [() => ({ body: { value: [COUNTERPARTY] } })];
    const match = await findCounterparty(c, { inn: '7707083893' });
    assert.equal(match.status, 'unique');
    assert.equal(match.status === 'unique' && match.counterparty.Ref_Key, PARTY);
    const [req] = sent();
    assert.equal(decodedPath(req!.url), `${ROOT}Catalog_Контрагенты`);
    assert.deepEqual(decodedQuery(req!.url), [
      ['$format', 'application/json;odata=nometadata'],
      ['$filter', "ИНН eq '7707083893' and DeletionMark eq false"],
      ['$select', 'Ref_Key,DataVersion,Description,ИНН,Телефон,Email,ТипКонтрагента,ИдКомпанииБитрикс24'],
      ['$orderby', 'Code'],
      ['$top', '2'],
    ]);
  });

  it('finds by B24 key, phone and e-mail; reports none and ambiguous', async () => {
    script = [
      () => ({ body: { value: [] } }),
      () => ({ body: { value: [COUNTERPARTY, { ...COUNTERPARTY, Ref_Key: DOC }] } }),
      () => ({ body: { value: [COUNTERPARTY] } }),
    ];
    assert.deepEqual(await findCounterparty(c, { bitrixKey: '42' }), { status: 'none' });
    const ambiguous = await findCounterparty(c, { phone: '+79161234567' });
    assert.equal(ambiguous.status === 'ambiguous' && ambiguous.candidates.length, 2);
    await findCounterparty(c, { email: "o'brien@romashka.ru" });
    const filters = sent().map((r) => new Map(decodedQuery(r.url)).get('$filter'));
    assert.deepEqual(filters, [
      "ИдКомпанииБитрикс24 eq '42' and DeletionMark eq false",
      "Телефон eq '+79161234567' and DeletionMark eq false",
      "Email eq 'o''brien@romashka.ru' and DeletionMark eq false",
    ]);
    assert.ok(sent()[1]!.url.includes('%2B7916'), 'a plus sign must be percent-encoded');
  });

  it('creates with the catalog attribute names only', async () => {
    script = [() => ({ status: 201, body: { ...COUNTERPARTY, Code: '000000001', DeletionMark: false } })];
    const created = await createCounterparty(c, {
      Description: 'ООО "Ромашка"',
      ИНН: '7707083893',
      Телефон: '+79161234567',
      Email: 'info@romashka.ru',
      ТипКонтрагента: 'ЮридическоеЛицо',
      ИдКомпанииБитрикс24: '42',
    });
    assert.equal(created.Ref_Key, PARTY);
    const [req] = sent();
    assert.equal(req!.method, 'POST');
    assert.deepEqual(decodedQuery(req!.url), [['$format', 'json']]);
    assert.equal(req!.headers['1c_odata-dataloadmode'], 'true');
    assert.deepEqual(JSON.parse(req!.body), {
      Description: 'ООО "Ромашка"',
      ИНН: '7707083893',
      Телефон: '+79161234567',
      Email: 'info@romashka.ru',
      ТипКонтрагента: 'ЮридическоеЛицо',
      ИдКомпанииБитрикс24: '42',
    });
  });

  it('reads one counterparty by key with every attribute, undefined when gone', async () => {
    const full = {
      ...COUNTERPARTY,
      Code: '000000001',
      ЮридическийАдрес: '125009, г. Москва',
      Predefined: false,
    };
    script = [
      () => ({ body: full }),
      () => ({ status: 404, body: odataError('9', 'Entity instance not found') }),
    ];
    const found = await getCounterparty(c, PARTY);
    assert.equal(found?.ЮридическийАдрес, '125009, г. Москва');
    assert.equal(decodedPath(sent()[0]!.url), `${ROOT}Catalog_Контрагенты(guid'${PARTY}')`);
    assert.equal(await getCounterparty(c, PARTY), undefined);
  });

  it('updates only after the DataVersion pre-check, sending If-Match', async () => {
    script = [
      () => ({ body: { DataVersion: 'AAAAFAAAAAA=' } }),
      () => ({ body: { ...COUNTERPARTY, DataVersion: 'AAAAFgAAAAA=', ИНН: '7707083893' } }),
    ];
    const updated = await updateCounterparty(c, PARTY, { ИНН: '7707083893' }, 'AAAAFAAAAAA=');
    assert.equal(updated.DataVersion, 'AAAAFgAAAAA=');
    const [check, patch] = sent();
    assert.deepEqual(decodedQuery(check!.url), [
      ['$format', 'application/json;odata=nometadata'],
      ['$select', 'DataVersion'],
    ]);
    assert.equal(patch!.method, 'PATCH');
    assert.equal(patch!.headers['if-match'], 'AAAAFAAAAAA=');
    assert.deepEqual(JSON.parse(patch!.body), { ИНН: '7707083893' });
  });
});

describe('requests', () => {
  it('finds the document of a Bitrix24 item with the reference query', async () => {
    script = [
      () => ({
        body: {
          value: [{ Ref_Key: DOC, DataVersion: 'AAAAFQAAAAA=', Posted: true, Статус_Key: NEW_STATUS }],
        },
      }),
    ];
    assert.deepEqual(await findRequestByItemId(c, 187), {
      ref: DOC,
      dataVersion: 'AAAAFQAAAAA=',
      posted: true,
      statusRef: NEW_STATUS,
    });
    assert.deepEqual(decodedQuery(sent()[0]!.url), [
      ['$format', 'application/json;odata=nometadata'],
      ['$filter', "ИдЭлементаБитрикс24 eq '187' and DeletionMark eq false"],
      ['$select', 'Ref_Key,DataVersion,Posted,Статус_Key'],
      ['$top', '2'],
    ]);
  });

  it('returns undefined when absent and refuses to guess between duplicates', async () => {
    const header = { Ref_Key: DOC, DataVersion: 'A', Posted: false, Статус_Key: NEW_STATUS };
    script = [
      () => ({ body: { value: [] } }),
      () => ({ body: { value: [header, { ...header, Ref_Key: PARTY }] } }),
    ];
    assert.equal(await findRequestByItemId(c, 187), undefined);
    await assert.rejects(findRequestByItemId(c, 187), /two Заявка documents/);
  });

  it('creates the document with a naive local Date and the reference body', async () => {
    script = [() => ({ status: 201, body: DOCUMENT })];
    const created = await createRequest(c, {
      date: new Date('2025-01-13T07:15:00Z'),
      counterpartyRef: PARTY,
      description: 'Не включается кассовый аппарат',
      type: 'Ремонт',
      statusRef: NEW_STATUS,
      responsible: 'Иванова Мария',
      bitrixItemId: 187,
    });
    assert.equal(created.number, '000000015');
    assert.equal(created.counterpartyRef, PARTY);
    assert.deepEqual(JSON.parse(sent()[0]!.body), {
      Date: '2025-01-13T10:15:00',
      Контрагент_Key: PARTY,
      Описание: 'Не включается кассовый аппарат',
      ТипЗаявки: 'Ремонт',
      Статус_Key: NEW_STATUS,
      Ответственный: 'Иванова Мария',
      ИдЭлементаБитрикс24: '187',
    });
  });

  it('posts the document and reads it back', async () => {
    script = [
      () => ({ body: '' }),
      () => ({ body: { ...DOCUMENT, Posted: true, Контрагент_Key: '00000000-0000-0000-0000-000000000000' } }),
    ];
    await postRequest(c, DOC);
    const doc = await getRequest(c, DOC);
    assert.equal(doc?.posted, true);
    assert.equal(doc?.counterpartyRef, undefined);
    assert.equal(decodedPath(sent()[0]!.url), `${ROOT}Document_Заявка(guid'${DOC}')/Post`);
    assert.equal(sent()[0]!.headers['1c_odata-dataloadmode'], undefined);
  });

  it('changes status with If-Match after a matching DataVersion pre-check', async () => {
    script = [
      () => ({ body: { DataVersion: 'AAAAFQAAAAA=' } }),
      () => ({ body: { ...DOCUMENT, Статус_Key: IN_WORK, DataVersion: 'AAAAFgAAAAA=' } }),
    ];
    const doc = await setRequestStatus(c, DOC, IN_WORK, 'AAAAFQAAAAA=');
    assert.equal(doc.statusRef, IN_WORK);
    const [, patch] = sent();
    assert.equal(patch!.method, 'PATCH');
    assert.equal(decodedPath(patch!.url), `${ROOT}Document_Заявка(guid'${DOC}')`);
    assert.deepEqual(decodedQuery(patch!.url), [['$format', 'json']]);
    assert.equal(patch!.headers['if-match'], 'AAAAFQAAAAA=');
    assert.equal(patch!.headers['1c_odata-dataloadmode'], 'true');
    assert.deepEqual(JSON.parse(patch!.body), { Статус_Key: IN_WORK });
  });

  it('refuses to write when the DataVersion moved (base ignoring If-Match), without sending the PATCH', async () => {
    script = [() => ({ body: { DataVersion: 'AAAAGAAAAAA=' } })];
    await assert.rejects(setRequestStatus(c, DOC, IN_WORK, 'AAAAFQAAAAA='), OneCPreconditionFailed);
    assert.equal(sent().length, 1);
  });

  it('maps a 412 from the base to OneCPreconditionFailed', async () => {
    script = [
      () => ({ body: { DataVersion: 'AAAAFQAAAAA=' } }),
      () => ({ status: 412, body: odataError('0', 'Precondition failed') }),
    ];
    await assert.rejects(setRequestStatus(c, DOC, IN_WORK, 'AAAAFQAAAAA='), OneCPreconditionFailed);
  });

  it('polls versions for reconciliation with the reference query', async () => {
    script = [
      () => ({
        body: {
          value: [{ Ref_Key: DOC, DataVersion: 'V', Статус_Key: NEW_STATUS, ИдЭлементаБитрикс24: '187' }],
        },
      }),
    ];
    const rows = await listRequestVersions(c, new Date('2024-12-31T21:00:00Z'), { top: 500, skip: 0 });
    assert.deepEqual(rows, [{ ref: DOC, dataVersion: 'V', statusRef: NEW_STATUS, bitrixItemId: '187' }]);
    assert.deepEqual(decodedQuery(sent()[0]!.url), [
      ['$format', 'application/json;odata=nometadata'],
      ['$filter', "DeletionMark eq false and Date ge datetime'2025-01-01T00:00:00'"],
      ['$select', 'Ref_Key,DataVersion,Статус_Key,ИдЭлементаБитрикс24'],
      ['$orderby', 'Date asc,Number asc'],
      ['$top', '500'],
      ['$skip', '0'],
    ]);
  });
});

describe('statuses and history', () => {
  it('lists statuses ordered by Code with the reference $select', async () => {
    script = [
      () => ({
        body: {
          value: [
            {
              Ref_Key: NEW_STATUS,
              Code: '000000001',
              Description: 'Новая',
              PredefinedDataName: 'Новая',
              КодСтадииБитрикс24: 'DT1038_10:NEW',
            },
            {
              Ref_Key: IN_WORK,
              Code: '000000002',
              Description: 'В работе',
              PredefinedDataName: 'ВРаботе',
              КодСтадииБитрикс24: 'DT1038_10:PREPARATION',
            },
          ],
        },
      }),
    ];
    const statuses = await listStatuses(c);
    assert.deepEqual(statuses[1], {
      ref: IN_WORK,
      code: '000000002',
      name: 'В работе',
      predefinedName: 'ВРаботе',
      bitrixStageId: 'DT1038_10:PREPARATION',
    });
    assert.deepEqual(decodedQuery(sent()[0]!.url), [
      ['$format', 'application/json;odata=nometadata'],
      ['$select', 'Ref_Key,Code,Description,PredefinedDataName,КодСтадииБитрикс24'],
      ['$orderby', 'Code'],
    ]);
  });

  const entry = {
    period: new Date('2025-01-13T07:15:42.500Z'),
    requestRef: DOC,
    counterpartyRef: PARTY,
    eventId: 'b24:onCrmDynamicItemAdd:1038:187',
    type: 'ОбменДанными',
    direction: 'Входящее',
    status: 'Успешно',
    message: 'Создан документ Заявка 000000015',
  } as const;

  it('writes a history record with a naive local Period (created)', async () => {
    script = [() => ({ status: 201, body: {} })];
    assert.equal(await writeHistory(c, entry), 'created');
    const [req] = sent();
    assert.equal(decodedPath(req!.url), `${ROOT}InformationRegister_ИсторияВзаимодействий`);
    assert.deepEqual(decodedQuery(req!.url), [['$format', 'json']]);
    assert.deepEqual(JSON.parse(req!.body), {
      Period: '2025-01-13T10:15:42',
      Заявка_Key: DOC,
      Контрагент_Key: PARTY,
      ИдСобытия: 'b24:onCrmDynamicItemAdd:1038:187',
      ТипВзаимодействия: 'ОбменДанными',
      Направление: 'Входящее',
      Статус: 'Успешно',
      Сообщение: 'Создан документ Заявка 000000015',
    });
  });

  it('answers exists when 1C reports code 15 for a replayed record', async () => {
    script = [() => ({ status: 400, body: odataError('15', 'Сущность с таким ключом уже существует') })];
    assert.equal(await writeHistory(c, entry), 'exists');
  });

  it('accepts the register body built by the domain and rejects over-long event ids', async () => {
    script = [() => ({ status: 201, body: {} })];
    const body = {
      Period: '2025-01-13T10:15:42',
      Заявка_Key: DOC,
      Контрагент_Key: '00000000-0000-0000-0000-000000000000',
      ИдСобытия: 'b24:1038:187:created',
      ТипВзаимодействия: 'ОбменДанными',
      Направление: 'Входящее',
      Статус: 'Успешно',
      Сообщение: 'x',
    } as const;
    assert.equal(await writeHistory(c, body), 'created');
    assert.deepEqual(JSON.parse(sent()[0]!.body), body);
    await assert.rejects(writeHistory(c, { ...entry, eventId: 'x'.repeat(65) }), RangeError);
  });
});
