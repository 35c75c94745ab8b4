import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { requestWorkflowId } from '../../client/request-dispatcher';
import { requestStateQuery } from '../../workflows/messages';
import type { requestWorkflow } from '../../workflows/request-workflow';
import { waitFor } from '../support/wait-for';
import { b24, createCompany, createRequestItem, documentsOf, odata, odataPatch, STATUS_REF } from './systems';
import { startTestStack, type TestStack } from './stack';

let t: TestStack;
before(async () => {
  t = await startTestStack('lifecycle');
});
after(async () => {
  await t?.close();
});

const stageOf = async (itemId: number) =>
  (await b24<{ item: { stageId: string } }>(t.stack, 'crm.item.get', { entityTypeId: 1038, id: itemId })).item
    .stageId;
const historyOf = (documentRef: string) =>
  odata<{ ИдСобытия: string; Сообщение: string; Статус: string }>(
    t.stack,
    `InformationRegister_ИсторияВзаимодействий?$filter=Заявка_Key eq guid'${documentRef}'`,
  );

describe('request lifecycle against both sandboxes', { timeout: 120_000 }, () => {
  test('a new request becomes a posted 1C document with a new counterparty, linked back to Bitrix24', async () => {
    const companyId = await createCompany(t.stack, {
      title: 'ООО "Вектор"',
      phone: '8 (495) 111-22-33',
      email: 'Info@Vector.RU',
      inn: '7701020304',
    });
    const itemId = await createRequestItem(t.stack, {
      title: 'Касса не включается',
      companyId,
      description: 'Не включается кассовый аппарат',
      requestTypeId: 103,
    });

    const [doc] = await waitFor('posted document', async () => {
      const docs = await documentsOf(t.stack, itemId);
      return docs.length === 1 && docs[0]?.Posted ? docs : undefined;
    });
    assert.ok(doc);
    const [counterparty, ...others] = await odata<Record<string, string>>(
      t.stack,
      `Catalog_Контрагенты?$filter=ИдКомпанииБитрикс24 eq '${companyId}'`,
    );
    assert.equal(others.length, 0);
    assert.equal(counterparty?.Ref_Key, doc.Контрагент_Key);
    assert.equal(counterparty?.Телефон, '+74951112233');
    assert.equal(counterparty?.Email, 'info@vector.ru');
    assert.equal(counterparty?.ИНН, '7701020304');
    assert.equal(counterparty?.ТипКонтрагента, 'ЮридическоеЛицо');
    assert.equal(doc.Статус_Key, STATUS_REF.Новая);

    const item = await waitFor('1C number in Bitrix24', async () => {
      const { item } = await b24<{ item: Record<string, unknown> }>(t.stack, 'crm.item.get', {
        entityTypeId: 1038,
        id: itemId,
      });
      return item.ufCrm5OnecNumber ? item : undefined;
    });
    assert.equal(item.ufCrm5OnecNumber, doc.Number);
    assert.equal(item.ufCrm5OnecRef, doc.Ref_Key);
    const comments = await b24<Array<{ COMMENT: string }>>(t.stack, 'crm.timeline.comment.list', {
      filter: { ENTITY_ID: itemId, ENTITY_TYPE: 'dynamic_1038' },
    });
    assert.ok(comments.some((c) => c.COMMENT.includes(doc.Number)));

    const history = await waitFor('history', async () => {
      const rows = await historyOf(doc.Ref_Key);
      return rows.some((r) => r.ИдСобытия.endsWith(':linked')) ? rows : undefined;
    });
    const steps = history.map((r) => r.ИдСобытия.split(':')[3]);
    // The whole story under the document, including what happened before it existed.
    for (const step of [
      'received',
      'validated',
      'counterparty-created',
      'document-created',
      'document-posted',
      'linked',
    ])
      assert.ok(steps.includes(step), step);
    const keyless = await odata<{ ИдСобытия: string }>(
      t.stack,
      `InformationRegister_ИсторияВзаимодействий?$filter=Заявка_Key eq guid'00000000-0000-0000-0000-000000000000' and startswith(ИдСобытия,'b24:1038:${itemId}:') eq true`,
    );
    assert.deepEqual(keyless, [], 'no row of this request is left without the document');
  });

  test('statuses mirror both ways, without echoes, until a final status ends the workflow', async () => {
    const companyId = await createCompany(t.stack, { title: 'ИП Смирнов', phone: '+7 916 000-11-22' });
    const itemId = await createRequestItem(t.stack, { title: 'Обслуживание', companyId, description: 'ТО' });
    const [doc] = await waitFor('document', async () => {
      const docs = await documentsOf(t.stack, itemId);
      return docs[0]?.Posted ? docs : undefined;
    });
    assert.ok(doc);
    const handle = t.stack.client.workflow.getHandle<typeof requestWorkflow>(requestWorkflowId(1038, itemId));
    await waitFor(
      'status sync',
      async () => (await handle.query(requestStateQuery)).phase === 'syncing-status',
    );

    // A 1C user takes the request into work → the Bitrix24 stage follows.
    await odataPatch(t.stack, `Document_Заявка(guid'${doc.Ref_Key}')`, { Статус_Key: STATUS_REF.ВРаботе });
    await waitFor('stage PREPARATION', async () => (await stageOf(itemId)) === 'DT1038_10:PREPARATION');

    // The manager asks the client for details → the 1C status follows.
    await b24(t.stack, 'crm.item.update', {
      entityTypeId: 1038,
      id: itemId,
      fields: { stageId: 'DT1038_10:CLIENT' },
    });
    await waitFor('1C status ОжидаетУточнения', async () => {
      const [row] = await documentsOf(t.stack, itemId);
      return row?.Статус_Key === STATUS_REF.ОжидаетУточнения;
    });

    // Our own writes come back as events from both sides; none of them may bounce back.
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal(await stageOf(itemId), 'DT1038_10:CLIENT');
    const [row] = await documentsOf(t.stack, itemId);
    assert.equal(row?.Статус_Key, STATUS_REF.ОжидаетУточнения);
    const mirrored = (await historyOf(doc.Ref_Key)).map((r) => r.ИдСобытия.split(':')[3]);
    assert.equal(mirrored.filter((s) => s === 'status-to-bitrix').length, 1);
    assert.equal(mirrored.filter((s) => s === 'status-to-onec').length, 1);

    await odataPatch(t.stack, `Document_Заявка(guid'${doc.Ref_Key}')`, { Статус_Key: STATUS_REF.Завершена });
    const outcome = await handle.result();
    assert.equal(outcome.phase, 'completed');
    assert.equal(outcome.status, 'Завершена');
    assert.equal(await stageOf(itemId), 'DT1038_10:SUCCESS');
  });

  test('an invalid request is reported to the manager and proceeds once fixed', async () => {
    const companyId = await createCompany(t.stack, { title: 'ООО "Без связи"' });
    const itemId = await createRequestItem(t.stack, { title: 'Пустая заявка', companyId });
    const notice = await waitFor('notification to the responsible manager', async () => {
      const response = await fetch(`${t.stack.sandboxes.bitrix24.httpUrl}/__sandbox/notifications?userId=2`);
      const sent = (await response.json()) as Array<{ MESSAGE?: string; message?: string }>;
      return sent.map((n) => n.MESSAGE ?? n.message ?? '').find((m) => m.includes(`№ ${itemId}`));
    });
    assert.match(notice, /описание/i);
    assert.match(notice, /телефон или e-mail/i);
    // The timeline comment is a separate write from the notification: wait for it as well.
    await waitFor('the timeline comment on the item', async () => {
      const comments = await b24<Array<{ COMMENT: string }>>(t.stack, 'crm.timeline.comment.list', {
        filter: { ENTITY_ID: itemId, ENTITY_TYPE: 'dynamic_1038' },
      });
      return comments.some((c) => c.COMMENT.includes('не передана в 1С'));
    });
    assert.equal((await documentsOf(t.stack, itemId)).length, 0);

    await b24(t.stack, 'crm.company.update', {
      id: companyId,
      fields: { PHONE: [{ VALUE: '+7 903 555-44-33', VALUE_TYPE: 'WORK' }] },
    });
    await b24(t.stack, 'crm.item.update', {
      entityTypeId: 1038,
      id: itemId,
      fields: { ufCrm5Description: 'Нужна консультация по тарифам' },
    });
    await waitFor('document after the fix', async () => (await documentsOf(t.stack, itemId)).length === 1);
  });

  test('a request whose company was deleted goes to the manager naming it, and proceeds once relinked', async () => {
    const goneId = await createCompany(t.stack, { title: 'ООО "Закрылись"', phone: '+7 495 000-11-22' });
    await b24(t.stack, 'crm.company.delete', { id: goneId });
    const itemId = await createRequestItem(t.stack, {
      title: 'Заявка без клиента',
      companyId: goneId,
      description: 'Нужна консультация',
      requestTypeId: 101,
    });
    const notice = await waitFor('notification naming the missing company', async () => {
      const response = await fetch(`${t.stack.sandboxes.bitrix24.httpUrl}/__sandbox/notifications?userId=2`);
      const sent = (await response.json()) as Array<{ MESSAGE?: string; message?: string }>;
      return sent.map((n) => n.MESSAGE ?? n.message ?? '').find((m) => m.includes(`№ ${itemId}`));
    });
    assert.match(notice, new RegExp(`Компания № ${goneId}, указанная в заявке, не найдена`));
    // The comment is the activity's second write, after the notification: wait for it as well.
    await waitFor('comment naming the missing company', async () => {
      const comments = await b24<Array<{ COMMENT: string }>>(t.stack, 'crm.timeline.comment.list', {
        filter: { ENTITY_ID: itemId, ENTITY_TYPE: 'dynamic_1038' },
      });
      return comments.some((c) => c.COMMENT.includes(`Компания № ${goneId}`));
    });
    const handle = t.stack.client.workflow.getHandle<typeof requestWorkflow>(requestWorkflowId(1038, itemId));
    const state = await handle.query(requestStateQuery);
    assert.equal(state.phase, 'awaiting-fix');

    const companyId = await createCompany(t.stack, { title: 'ООО "Преемник"', phone: '+7 495 000-33-44' });
    await b24(t.stack, 'crm.item.update', { entityTypeId: 1038, id: itemId, fields: { companyId } });
    const [doc] = await waitFor('document after relinking', async () => {
      const docs = await documentsOf(t.stack, itemId);
      return docs.length === 1 ? docs : undefined;
    });
    const [counterparty] = await odata<Record<string, string>>(
      t.stack,
      `Catalog_Контрагенты?$filter=ИдКомпанииБитрикс24 eq '${companyId}'`,
    );
    assert.equal(counterparty?.Ref_Key, doc?.Контрагент_Key);
  });
});
