/**
 * Interactions both ways on the whole stack: a call logged in the Bitrix24 sandbox becomes one row of the
 * 1C register (and a repeated event adds nothing); a row a 1C user adds lands once on the item's timeline,
 * through the extension's notification and, without it, through reconciliation's read by `Period`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reconcileNow } from '../../client/reconciliation-schedule';
import { toOneCDateTime } from '../../domain/onec-time';
import { bitrixActivityWorkflowId } from '../../workflows/workflow-ids';
import { waitFor } from '../support/wait-for';
import { startTestStack, type TestStack } from './stack';
import { b24, createCompany, createRequestItem, documentsOf, odata, type DocumentRow } from './systems';

let t: TestStack;
before(async () => {
  t = await startTestStack('interactions', {
    tweak: (config) => {
      config.reconciliation = { enabled: true, interval: '1h', lookback: '1d', grace: '0s' };
    },
  });
});
after(async () => {
  await t?.close();
});

const HISTORY = 'InformationRegister_ИсторияВзаимодействий';
/** Schedule runs are named by the second they start in: let it pass between two triggered runs. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1_100));
interface Row {
  Period: string;
  Заявка_Key: string;
  Контрагент_Key: string;
  ИдСобытия: string;
  ТипВзаимодействия: string;
  Направление: string;
  Сообщение: string;
  Ответственный: string;
}
const rowsEndingWith = async (suffix: string) =>
  (await odata<Row>(t.stack, HISTORY)).filter((r) => r.ИдСобытия.endsWith(suffix));

interface Comment {
  COMMENT: string;
}
const commentsOf = (itemId: number) =>
  b24<Comment[]>(t.stack, 'crm.timeline.comment.list', {
    filter: { ENTITY_ID: itemId, ENTITY_TYPE: 'dynamic_1038' },
  });

/** A posted request of a new client; returns the item, its company and its 1C document. */
async function postedRequest(
  title: string,
  // A phone of its own: a shared one would match an earlier client's counterparty.
  phone: string,
): Promise<{ itemId: number; companyId: number; doc: DocumentRow }> {
  const companyId = await createCompany(t.stack, { title: `Клиент ${title}`, phone });
  const itemId = await createRequestItem(t.stack, {
    title,
    companyId,
    description: 'Проверка взаимодействий',
  });
  const doc = await waitFor(
    'posted document',
    async () => {
      const [d] = await documentsOf(t.stack, itemId);
      return d?.Posted ? d : undefined;
    },
    { timeoutMs: 60_000 },
  );
  return { itemId, companyId, doc };
}

/** A row as a 1C user adds it (no data-load flag): the extension reports it, our reads see no prefix of ours. */
async function addRowIn1C(row: Omit<Row, 'Period'>): Promise<Row> {
  const period = toOneCDateTime(Date.now(), 'Europe/Moscow');
  const { user, password } = t.stack.sandboxes.onec;
  const response = await fetch(encodeURI(`${t.stack.sandboxes.onec.odataUrl}${HISTORY}?$format=json`), {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ ...row, Period: period, Статус: 'Успешно' }),
  });
  assert.equal(response.status, 201, await response.text());
  return { ...row, Period: period };
}

describe('interactions between Bitrix24 and 1C', { timeout: 300_000 }, () => {
  test('a call logged on a request item becomes one register row; a repeated event adds nothing', async () => {
    const { itemId, companyId, doc } = await postedRequest('звонок по заявке', '+7 900 555-40-51');
    const start = new Date(Date.now() - 10 * 60_000);
    const activityId = Number(
      await b24(t.stack, 'crm.activity.add', {
        fields: {
          OWNER_TYPE_ID: 1038,
          OWNER_ID: itemId,
          TYPE_ID: 2,
          DIRECTION: 2,
          COMPLETED: 'Y',
          SUBJECT: 'Согласовали выезд мастера',
          START_TIME: start.toISOString(),
          END_TIME: new Date(start.getTime() + 5 * 60_000).toISOString(),
          RESPONSIBLE_ID: 2,
          COMMUNICATIONS: [{ VALUE: '+79005554050', ENTITY_ID: companyId, ENTITY_TYPE_ID: 4 }],
        },
      }),
    );
    const suffix = `:activity:${activityId}`;
    const [row] = await waitFor('the call in 1C', async () => {
      const rows = await rowsEndingWith(suffix);
      return rows.length > 0 && rows[0]?.Заявка_Key !== '00000000-0000-0000-0000-000000000000'
        ? rows
        : undefined;
    });
    assert.ok(row);
    assert.equal(row.ИдСобытия, `b24:1038:${itemId}:activity:${activityId}`);
    assert.equal(row.Заявка_Key, doc.Ref_Key);
    assert.equal(row.Контрагент_Key, doc.Контрагент_Key);
    assert.equal(row.ТипВзаимодействия, 'Звонок');
    assert.equal(row.Направление, 'Исходящее');
    assert.equal(row.Ответственный, 'Иванова Мария');
    assert.equal(row.Period, toOneCDateTime(start.getTime(), 'Europe/Moscow'));
    assert.match(row.Сообщение, /^Звонок, исходящий, 5 мин \(Битрикс24\): Согласовали выезд мастера$/);

    // The same event again, byte for byte, as Bitrix24 may deliver it: a new pass finds the row in place.
    await t.stack.sandboxes.bitrix24.events.idle();
    const events = (await (await fetch(`${t.stack.sandboxes.bitrix24.httpUrl}/__sandbox/events`)).json()) as {
      deliveries: Array<{ event: string; body: string }>;
    };
    const delivery = events.deliveries.find(
      (d) =>
        d.event.toUpperCase() === 'ONCRMACTIVITYADD' &&
        new URLSearchParams(d.body).get('data[FIELDS][ID]') === String(activityId),
    );
    assert.ok(delivery, 'the add event was delivered');
    const handle = t.stack.client.workflow.getHandle(bitrixActivityWorkflowId(activityId));
    assert.equal(await handle.result(), 'written');
    const again = await fetch(`${t.stack.receiver.url}/webhooks/bitrix24`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: delivery.body,
    });
    assert.equal(again.status, 200);
    assert.equal(
      await t.stack.client.workflow.getHandle(bitrixActivityWorkflowId(activityId)).result(),
      'unchanged',
    );
    assert.equal((await rowsEndingWith(suffix)).length, 1);

    // A later change (the subject corrected) replaces the row instead of adding a second one.
    await b24(t.stack, 'crm.activity.update', {
      id: activityId,
      fields: { SUBJECT: 'Выезд мастера в среду' },
    });
    await waitFor('the corrected row', async () => {
      const rows = await rowsEndingWith(suffix);
      return rows.length === 1 && rows[0]?.Сообщение.endsWith('Выезд мастера в среду');
    });
  });

  test('an e-mail on a client, not on a request, goes to the counterparty alone', async () => {
    const { companyId, doc } = await postedRequest('письмо клиента', '+7 900 555-40-52');
    const activityId = Number(
      await b24(t.stack, 'crm.activity.add', {
        fields: {
          OWNER_TYPE_ID: 4,
          OWNER_ID: companyId,
          TYPE_ID: 4,
          DIRECTION: 1,
          SUBJECT: 'Вопрос по счёту',
          RESPONSIBLE_ID: 3,
          COMMUNICATIONS: [{ VALUE: 'client@example.com', ENTITY_ID: companyId, ENTITY_TYPE_ID: 4 }],
        },
      }),
    );
    const [row] = await waitFor('the e-mail in 1C', async () => {
      const rows = await rowsEndingWith(`:activity:${activityId}`);
      return rows.length > 0 ? rows : undefined;
    });
    assert.ok(row);
    assert.equal(row.ИдСобытия, `b24:client:activity:${activityId}`);
    assert.equal(row.Заявка_Key, '00000000-0000-0000-0000-000000000000');
    assert.equal(row.Контрагент_Key, doc.Контрагент_Key);
    assert.equal(row.ТипВзаимодействия, 'ЭлектронноеПисьмо');
    assert.equal(row.Направление, 'Входящее');
    assert.equal(row.Ответственный, 'Петров Сергей');
  });

  test('a row a 1C user adds appears once on the timeline (notification delivered twice, then a reconciliation read)', async () => {
    const { itemId, doc } = await postedRequest('запись в 1С', '+7 900 555-40-53');
    t.stack.sandboxes.onec.faults.set({ notify: { duplicate: true } });
    try {
      await addRowIn1C({
        Заявка_Key: doc.Ref_Key,
        Контрагент_Key: doc.Контрагент_Key,
        ИдСобытия: 'звонок-из-1с-1',
        ТипВзаимодействия: 'Звонок',
        Направление: 'Входящее',
        Сообщение: 'Клиент звонил в сервис, просит ускорить',
        Ответственный: 'Петров Сергей',
      });
      const mine = (c: Comment) => c.COMMENT.includes('просит ускорить');
      await waitFor('the comment', async () => (await commentsOf(itemId)).some(mine));
      await t.stack.sandboxes.onec.notifications.idle();
      await nextSecond();
      const { report } = await reconcileNow(t.stack.client, t.stack.config);
      assert.ok(report.interactions, 'reconciliation read the register');
      await new Promise((r) => setTimeout(r, 1_000));
      const comments = (await commentsOf(itemId)).filter(mine);
      assert.equal(comments.length, 1);
      assert.match(
        comments[0]?.COMMENT ?? '',
        /^1С, заявка \d+: Звонок \(входящее\) \d\d\.\d\d\.\d{4} \d\d:\d\d, Петров Сергей\n/,
      );
    } finally {
      t.stack.sandboxes.onec.faults.reset();
    }
  });

  test('without the extension, reconciliation reads new rows by Period and posts each once', async () => {
    const { itemId, doc } = await postedRequest('без расширения', '+7 900 555-40-54');
    await nextSecond();
    const first = await reconcileNow(t.stack.client, t.stack.config);
    t.stack.sandboxes.onec.faults.set({ notify: { dropRate: 1 } });
    let row: Row;
    try {
      row = await addRowIn1C({
        Заявка_Key: doc.Ref_Key,
        Контрагент_Key: doc.Контрагент_Key,
        ИдСобытия: 'встреча-из-1с-1',
        ТипВзаимодействия: 'Встреча',
        Направление: 'Исходящее',
        Сообщение: 'Встреча в офисе клиента, подписан акт',
        Ответственный: 'Иванова Мария',
      });
      await t.stack.sandboxes.onec.notifications.idle();
    } finally {
      t.stack.sandboxes.onec.faults.reset();
    }
    const mine = (c: Comment) => c.COMMENT.includes('подписан акт');
    assert.equal((await commentsOf(itemId)).filter(mine).length, 0, 'no notification, no comment yet');

    await nextSecond();
    const second = await reconcileNow(t.stack.client, t.stack.config);
    // The watermark travels from run to run in the schedule's results and has moved up to the new row.
    assert.equal(second.report.interactions?.watermark !== undefined, true);
    assert.ok((second.report.interactions?.watermark ?? '') >= (first.report.interactions?.watermark ?? ''));
    assert.ok((second.report.interactions?.watermark ?? '') >= row.Period);
    await waitFor('the comment from the periodic read', async () => (await commentsOf(itemId)).some(mine));

    await nextSecond();
    await reconcileNow(t.stack.client, t.stack.config);
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal((await commentsOf(itemId)).filter(mine).length, 1);
  });
});
