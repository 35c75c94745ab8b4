/**
 * Requests born in 1C, end to end: a 1C user creates and posts a «Заявка» in the 1C sandbox (its emulated
 * extension notifies the receiver), and the request appears in Bitrix24 bound to the right client, then
 * mirrors statuses both ways. Ping-pong: every notification and Bitrix24 event is delivered again, twice and
 * in reverse order, and the reconciliation sweep runs over the same documents — nothing is created twice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { onecRequestWorkflowId, requestWorkflowId } from '../../client/request-dispatcher';
import { requestSettingsFromConfig } from '../../client/request-settings';
import { signOneCNotification } from '../../domain/onec-signature';
import { requestStateQuery } from '../../workflows/messages';
import { onecSweepWorkflow } from '../../workflows/sweep-onec-requests';
import { waitFor } from '../support/wait-for';
import { b24, createRequestItem, documentsOf, odata, odataPatch, STATUS_REF } from './systems';
import { startTestStack, type TestStack } from './stack';

const TASK_QUEUE = 'onec-born';
const ROMASHKA_REF = '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01';

let t: TestStack;
before(async () => {
  t = await startTestStack(TASK_QUEUE);
});
after(async () => {
  await t?.close();
});

function onecAuth(): string {
  const { user, password } = t.stack.sandboxes.onec;
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** POST as a 1C user (no data-load flag), returning the created row. */
async function odataPost(path: string, body: object = {}): Promise<Record<string, string>> {
  const response = await fetch(encodeURI(`${t.stack.sandboxes.onec.odataUrl}${path}?$format=json`), {
    method: 'POST',
    headers: { Authorization: onecAuth(), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? (JSON.parse(text) as Record<string, string>) : {};
}

/** What a 1C operator does: a new «Заявка» for the counterparty, then «Провести». */
async function registerInOneC(counterpartyRef: string, description: string, responsible: string) {
  const doc = await odataPost('Document_Заявка', {
    Контрагент_Key: counterpartyRef,
    Описание: description,
    ТипЗаявки: 'Ремонт',
    Статус_Key: STATUS_REF.Новая,
    Ответственный: responsible,
  });
  const ref = String(doc.Ref_Key);
  await odataPost(`Document_Заявка(guid'${ref}')/Post`);
  return { ref, number: String(doc.Number) };
}

type Item = Record<string, unknown> & { id: number; stageId: string; companyId: number | null };

const itemsWithRef = (ref: string) =>
  b24<{ items: Item[] }>(t.stack, 'crm.item.list', {
    entityTypeId: 1038,
    filter: { ufCrm5OnecRef: ref },
    select: ['*'],
  }).then((r) => r.items);

async function linkedItemOf(ref: string): Promise<Item> {
  return waitFor(`item of ${ref} linked in 1C`, async () => {
    const [doc] = await odata<{ ИдЭлементаБитрикс24: string }>(
      t.stack,
      `Document_Заявка?$filter=Ref_Key eq guid'${ref}'`,
    );
    const items = await itemsWithRef(ref);
    return doc?.ИдЭлементаБитрикс24 && items.length === 1 && String(items[0]?.id) === doc.ИдЭлементаБитрикс24
      ? items[0]
      : undefined;
  });
}

const stageOf = async (itemId: number) =>
  (await b24<{ item: { stageId: string } }>(t.stack, 'crm.item.get', { entityTypeId: 1038, id: itemId })).item
    .stageId;

async function managerNotifications(userId: number): Promise<Array<{ MESSAGE: string }>> {
  const response = await fetch(
    `${t.stack.sandboxes.bitrix24.httpUrl}/__sandbox/notifications?userId=${userId}`,
  );
  return (await response.json()) as Array<{ MESSAGE: string }>;
}

/** Re-sends a recorded 1C notification, freshly signed, as the extension's retry would. */
async function redeliver(body: string): Promise<number> {
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const response = await fetch(`${t.stack.receiver.url}/webhooks/onec`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'X-OneC-Timestamp': timestamp,
      'X-OneC-Signature': signOneCNotification(t.stack.config.onec.notifySecret, timestamp, body),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

/** A Bitrix24 item event as the portal posts it to the outgoing-webhook handler. */
async function bitrixEvent(event: string, itemId: number): Promise<number> {
  const response = await fetch(`${t.stack.receiver.url}/webhooks/bitrix24`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      event,
      'data[FIELDS][ID]': String(itemId),
      'data[FIELDS][ENTITY_TYPE_ID]': '1038',
      ts: String(Math.floor(Date.now() / 1000)),
      'auth[domain]': 'sandbox.local',
      'auth[client_endpoint]': 'http://sandbox.local/rest/',
      'auth[server_endpoint]': 'http://sandbox.local/rest/',
      'auth[member_id]': 'sandbox',
      'auth[application_token]': t.stack.config.bitrix24.applicationToken ?? '',
    }).toString(),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Waits until no workflow of this stack is running any more except the open requests themselves. */
async function settle(): Promise<void> {
  await t.stack.sandboxes.onec.notifications.idle();
  await waitFor('1C-born and client workflows done', async () => {
    for await (const wf of t.stack.client.workflow.list({ query: 'ExecutionStatus = "Running"' })) {
      if (wf.workflowId.startsWith('request-onec-') || wf.workflowId.startsWith('client-onec-')) return false;
    }
    return true;
  });
}

describe('requests born in 1C', { timeout: 180_000 }, () => {
  const born: Array<{ ref: string; itemId: number }> = [];

  test('a request posted in 1C appears in Bitrix24 bound to the client found by INN, with its statuses mirrored', async () => {
    // Ромашка's stored link (company 42) no longer exists in Bitrix24: the INN in requisites finds company 1.
    const { ref, number } = await registerInOneC(
      ROMASHKA_REF,
      'Сломался принтер чеков\nПодробности у клиента',
      'Петров Сергей',
    );
    const item = await linkedItemOf(ref);
    born.push({ ref, itemId: item.id });
    assert.equal(item.companyId, 1);
    assert.equal(item.assignedById, 3);
    assert.equal(item.stageId, 'DT1038_10:NEW');
    assert.equal(String(item.ufCrm5RequestType), '103');
    assert.equal(item.ufCrm5OnecNumber, number);
    assert.equal(item.title, `Сломался принтер чеков (1С № ${number})`);
    assert.equal(item.ufCrm5Description, 'Сломался принтер чеков\nПодробности у клиента');

    // From here on it is an ordinary request: the item's request workflow mirrors statuses both ways.
    const handle = t.stack.client.workflow.getHandle(requestWorkflowId(1038, item.id));
    assert.equal((await handle.describe()).status.name, 'RUNNING');

    await odataPatch(t.stack, `Document_Заявка(guid'${ref}')`, { Статус_Key: STATUS_REF.ОжидаетУточнения });
    await waitFor('stage CLIENT', async () => (await stageOf(item.id)) === 'DT1038_10:CLIENT');
    const notified = await waitFor('manager notified', async () => {
      const sent = await managerNotifications(3);
      return sent.find((n) => n.MESSAGE.includes('Ожидает уточнения'));
    });
    assert.match(notified.MESSAGE, new RegExp(`\\[URL=http://[^\\]]+/crm/type/1038/details/${item.id}/\\]`));

    // «В работе» is not in notifications.onOneCStatus: the stage moves, the manager is not disturbed.
    await odataPatch(t.stack, `Document_Заявка(guid'${ref}')`, { Статус_Key: STATUS_REF.ВРаботе });
    await waitFor(
      'stage PREPARATION',
      async () => (await stageOf(item.id)) === 'DT1038_10:PREPARATION',
    ).catch(async (err: unknown) => {
      // Say what the workflow decided about each change (stale, conflict, …), not only that the stage is late.
      const state = await handle.query(requestStateQuery);
      throw new Error(`${String(err)}; sync ${JSON.stringify(state.sync)}; notes ${state.notes.join(' | ')}`);
    });

    await b24(t.stack, 'crm.item.update', {
      entityTypeId: 1038,
      id: item.id,
      fields: { stageId: 'DT1038_10:CLIENT' },
    });
    await waitFor('1C status ОжидаетУточнения', async () => {
      const [doc] = await odata<{ Статус_Key: string }>(
        t.stack,
        `Document_Заявка?$filter=Ref_Key eq guid'${ref}'`,
      );
      return doc?.Статус_Key === STATUS_REF.ОжидаетУточнения;
    });
    const messages = (await managerNotifications(3)).map((n) => n.MESSAGE);
    assert.equal(messages.filter((m) => m.includes('В работе')).length, 0);
    // The change came from Bitrix24: only 1C's own changes are announced.
    assert.equal(messages.filter((m) => m.includes('Ожидает уточнения')).length, 1);

    const history = await odata<{ ИдСобытия: string }>(
      t.stack,
      `InformationRegister_ИсторияВзаимодействий?$filter=Заявка_Key eq guid'${ref}'`,
    );
    const ids = history.map((r) => r.ИдСобытия);
    for (const step of ['received-from-onec', 'client-found-in-bitrix', 'item-created'])
      assert.ok(ids.includes(`1c:${ref}:${step}`), step);
    assert.ok(
      ids.some((id) => id.includes(':manager-notified:')),
      'manager-notified',
    );
  });

  test('an unknown client is created in Bitrix24 once, with its requisite and legal address', async () => {
    await t.stack.sandboxes.onec.notifications.idle();
    // Every notification of the emulated extension is now delivered twice.
    t.stack.sandboxes.onec.faults.set({ notify: { duplicate: true } });
    const counterparty = await odataPost('Catalog_Контрагенты', {
      Description: 'ООО "Северный ветер"',
      ИНН: '7701020304',
      ЮридическийАдрес: '190000, г. Санкт-Петербург, Невский пр., д. 1',
      Телефон: '+78121234567',
      ТипКонтрагента: 'ЮридическоеЛицо',
    });
    const first = await registerInOneC(counterparty.Ref_Key!, 'Нужна консультация по кассе', '');
    const second = await registerInOneC(
      counterparty.Ref_Key!,
      'Замена фискального накопителя',
      'Неизвестный',
    );
    const items = [await linkedItemOf(first.ref), await linkedItemOf(second.ref)];
    born.push({ ref: first.ref, itemId: items[0]!.id }, { ref: second.ref, itemId: items[1]!.id });
    t.stack.sandboxes.onec.faults.reset();

    const companies = await b24<Array<{ ID: string }>>(t.stack, 'crm.company.list', {
      filter: { ORIGIN_ID: counterparty.Ref_Key },
      select: ['ID'],
    });
    assert.equal(companies.length, 1);
    const companyId = Number(companies[0]!.ID);
    assert.deepEqual(
      items.map((i) => i.companyId),
      [companyId, companyId],
    );
    // Unmapped and empty «Ответственный» → the fallback user.
    assert.deepEqual(
      items.map((i) => i.assignedById),
      [1, 1],
    );
    const requisites = await b24<Array<{ ID: string; RQ_INN: string; PRESET_ID: string }>>(
      t.stack,
      'crm.requisite.list',
      { filter: { ENTITY_TYPE_ID: 4, ENTITY_ID: companyId } },
    );
    assert.equal(requisites.length, 1);
    assert.equal(requisites[0]!.RQ_INN, '7701020304');
    assert.equal(requisites[0]!.PRESET_ID, '1');
    const addresses = await b24<Array<{ ADDRESS_1: string }>>(t.stack, 'crm.address.list', {
      filter: { TYPE_ID: 6, ENTITY_TYPE_ID: 8, ENTITY_ID: requisites[0]!.ID },
    });
    assert.equal(addresses[0]?.ADDRESS_1, '190000, г. Санкт-Петербург, Невский пр., д. 1');
    // The counterparty now points at the company, so the next request finds it first by the link.
    const [stored] = await odata<{ ИдКомпанииБитрикс24: string }>(
      t.stack,
      `Catalog_Контрагенты?$filter=Ref_Key eq guid'${counterparty.Ref_Key}'`,
    );
    assert.equal(stored?.ИдКомпанииБитрикс24, String(companyId));
  });

  test('without the extension, the reconciliation sweep brings an unreported posted document in', async () => {
    await t.stack.sandboxes.onec.notifications.idle();
    t.stack.sandboxes.onec.faults.set({ notify: { dropRate: 1 } });
    const { ref } = await registerInOneC(ROMASHKA_REF, 'Не печатает чек', 'Иванова Мария');
    t.stack.sandboxes.onec.faults.reset();
    assert.equal((await itemsWithRef(ref)).length, 0, 'nothing arrives without a notification');
    const started = await t.stack.client.workflow.execute(onecSweepWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: 'onec-sweep-catch-up',
      args: [{ settings: requestSettings(), watermark: new Date().toISOString() }],
    });
    assert.deepEqual(started, [ref]);
    const item = await linkedItemOf(ref);
    born.push({ ref, itemId: item.id });
    assert.equal(item.companyId, 1);
    assert.equal(item.assignedById, 2);
  });

  test('no ping-pong: every event again, twice and in reverse order, plus the sweep, creates nothing', async () => {
    // A request born in Bitrix24, for the other direction of the proof.
    const fromBitrix = await createRequestItem(t.stack, {
      title: 'Заявка из Битрикс24',
      companyId: 1,
      description: 'Проверка кассы',
    });
    const [bitrixDoc] = await waitFor('document of the Bitrix24 request', async () => {
      const docs = await documentsOf(t.stack, fromBitrix);
      return docs.length === 1 && docs[0]?.Posted ? docs : undefined;
    });
    assert.ok(bitrixDoc);
    await waitFor('Bitrix24 item linked', async () => (await itemsWithRef(bitrixDoc.Ref_Key)).length === 1);
    await settle();

    // The 1C document created from Bitrix24, posted again by a 1C user: the extension reports it, linked.
    await odataPost(`Document_Заявка(guid'${bitrixDoc.Ref_Key}')/Post`);
    const recorded = t.stack.sandboxes.onec.notifications.list().map((n) => n.body);
    const replay = [...recorded].reverse();
    for (const body of [...replay, ...replay]) assert.ok([200, 202].includes(await redeliver(body)));
    for (const { itemId } of [...born].reverse()) {
      for (const event of ['ONCRMDYNAMICITEMUPDATE', 'ONCRMDYNAMICITEMADD', 'ONCRMDYNAMICITEMADD'])
        assert.equal(await bitrixEvent(event, itemId), 200);
    }
    const sweep = await t.stack.client.workflow.execute(onecSweepWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: 'onec-sweep-test',
      args: [{ settings: requestSettings(), watermark: new Date().toISOString() }],
    });
    assert.deepEqual(sweep, [], 'every posted document is linked: nothing to sweep');
    await settle();

    for (const { ref, itemId } of born) {
      const items = await itemsWithRef(ref);
      assert.deepEqual(
        items.map((i) => i.id),
        [itemId],
        `one item for 1C document ${ref}`,
      );
      const docs = await documentsOf(t.stack, itemId);
      assert.deepEqual(
        docs.map((d) => d.Ref_Key),
        [ref],
        `item ${itemId} never got a second document`,
      );
      const run = await t.stack.client.workflow.getHandle(onecRequestWorkflowId(ref)).describe();
      assert.equal(run.status.name, 'COMPLETED');
    }
    assert.deepEqual(
      (await itemsWithRef(bitrixDoc.Ref_Key)).map((i) => i.id),
      [fromBitrix],
      'the document created from Bitrix24 never came back as a new request',
    );
    const all = await odata<{ Ref_Key: string }>(t.stack, 'Document_Заявка');
    assert.equal(all.length, born.length + 1);
  });
});

function requestSettings() {
  return requestSettingsFromConfig(t.stack.config);
}
