import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reconcileNow } from '../../client/reconciliation-schedule';
import { requestWorkflowId } from '../../client/request-dispatcher';
import { requestStateQuery } from '../../workflows/messages';
import { waitFor } from '../support/wait-for';
import { startTestStack, type TestStack } from './stack';
import { b24, createCompany, createRequestItem, documentsOf, odata, STATUS_REF } from './systems';

let t: TestStack;
before(async () => {
  // The schedule itself is kept out of the way (1 h); the tests trigger it as `npm run reconcile` does.
  t = await startTestStack('reconciliation', {
    tweak: (config) => {
      config.reconciliation = { enabled: true, interval: '1h', lookback: '1d', grace: '0s' };
    },
  });
});
after(async () => {
  await t?.close();
});

const newItem = async (title: string) =>
  createRequestItem(t.stack, {
    title,
    companyId: await createCompany(t.stack, { title: `Клиент ${title}`, phone: '+7 900 555-20-30' }),
    description: 'Проверка сверки',
  });

interface HistoryRow {
  ИдСобытия: string;
  Сообщение: string;
}
const historyOf = async (itemId: number) =>
  (await odata<HistoryRow>(t.stack, 'InformationRegister_ИсторияВзаимодействий')).filter((r) =>
    r.ИдСобытия.startsWith(`b24:1038:${itemId}:`),
  );

interface Comment {
  COMMENT: string;
}
const commentsOf = (itemId: number) =>
  b24<Comment[]>(t.stack, 'crm.timeline.comment.list', {
    filter: { ENTITY_ID: itemId, ENTITY_TYPE: 'dynamic_1038' },
  });

/** Updated times are whole seconds: let the second of the last change pass before reconciling. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1_100));

describe('reconciliation and idempotent side effects', { timeout: 240_000 }, () => {
  test('requests created while the receiver was unreachable reach 1C through reconciliation', async () => {
    t.stack.sandboxes.bitrix24.faults.set({ events: { drop: 1 } });
    let items: number[];
    try {
      items = [
        await newItem('без вебхука 1'),
        await newItem('без вебхука 2'),
        await newItem('без вебхука 3'),
      ];
      await t.stack.sandboxes.bitrix24.events.idle();
    } finally {
      t.stack.sandboxes.bitrix24.faults.reset();
    }
    for (const id of items) assert.equal((await documentsOf(t.stack, id)).length, 0);

    await nextSecond();
    const first = await reconcileNow(t.stack.client, t.stack.config);
    assert.deepEqual(first.report.fixes.map((f) => f.itemId).sort(), [...items].sort());
    await waitFor(
      'three posted documents',
      async () => {
        const docs = await Promise.all(items.map((id) => documentsOf(t.stack, id)));
        return docs.every((d) => d.length === 1 && d[0]?.Posted);
      },
      { timeoutMs: 60_000 },
    );
    for (const id of items) {
      const rows = await historyOf(id);
      assert.ok(rows.some((r) => r.ИдСобытия.includes(':reconciled:') && r.Сообщение.startsWith('Сверка:')));
    }

    // The next run starts where this one stopped (the watermark travels through the schedule) and finds
    // nothing left to heal.
    await nextSecond();
    const second = await reconcileNow(t.stack.client, t.stack.config);
    assert.equal(second.report.sinceMs, first.report.watermarkMs);
    assert.deepEqual(second.report.fixes, []);
  });

  test('a stage change Bitrix24 never delivered is mirrored to 1C by reconciliation', async () => {
    const itemId = await newItem('пропущенная стадия');
    // Wait until the workflow has read the stage after linking, so only an event could tell it more.
    const handle = t.stack.client.workflow.getHandle(requestWorkflowId(1038, itemId));
    await waitFor(
      'status sync',
      async () => (await handle.query(requestStateQuery)).phase === 'syncing-status',
    );
    await t.stack.sandboxes.bitrix24.events.idle();
    await new Promise((r) => setTimeout(r, 500));
    t.stack.sandboxes.bitrix24.faults.set({ events: { drop: 1 } });
    try {
      await b24(t.stack, 'crm.item.update', {
        entityTypeId: 1038,
        id: itemId,
        fields: { stageId: 'DT1038_10:PREPARATION' },
      });
      await t.stack.sandboxes.bitrix24.events.idle();
    } finally {
      t.stack.sandboxes.bitrix24.faults.reset();
    }
    await nextSecond();
    const { report } = await reconcileNow(t.stack.client, t.stack.config);
    assert.ok(report.fixes.some((f) => f.itemId === itemId));
    await waitFor(
      '1C status В работе',
      async () => (await documentsOf(t.stack, itemId))[0]?.Статус_Key === STATUS_REF.ВРаботе,
    );
  });

  test('a lost answer on the timeline comment still leaves exactly one comment', async () => {
    t.stack.sandboxes.bitrix24.faults.set({
      loseResponse: true,
      times: 1,
      methods: ['crm.timeline.comment.add'],
    });
    try {
      const itemId = await newItem('потерянный комментарий');
      await waitFor('document comment', async () =>
        (await commentsOf(itemId)).some((c) => c.COMMENT.includes('создан и проведён')),
      );
      // The retry has long run by the time the link step is journaled; give it a moment anyway.
      await waitFor('linked', async () =>
        (await historyOf(itemId)).some((r) => r.ИдСобытия.endsWith(':linked')),
      );
      const comments = (await commentsOf(itemId)).filter((c) => c.COMMENT.includes('создан и проведён'));
      assert.equal(comments.length, 1);
      // Proof the fault hit: the link step needed a second attempt.
      const history = await t.stack.client.workflow.getHandle(requestWorkflowId(1038, itemId)).fetchHistory();
      const attempts = (history.events ?? []).flatMap((e) =>
        e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt ?? 1] : [],
      );
      assert.ok(attempts.some((attempt) => attempt > 1));
    } finally {
      t.stack.sandboxes.bitrix24.faults.reset();
    }
  });

  test('an item deleted after its document exists cancels the document and ends the workflow', async () => {
    const itemId = await newItem('удалённый элемент');
    await waitFor('document', async () => (await documentsOf(t.stack, itemId))[0]?.Posted);
    await b24(t.stack, 'crm.item.delete', { entityTypeId: 1038, id: itemId });
    const outcome = await t.stack.client.workflow.getHandle(requestWorkflowId(1038, itemId)).result();
    assert.equal(outcome.phase, 'deleted');
    assert.equal((await documentsOf(t.stack, itemId))[0]?.Статус_Key, STATUS_REF.Отменена);
    assert.ok((await historyOf(itemId)).some((r) => r.ИдСобытия.endsWith(':item-deleted')));
  });

  test('two companies with the same INN created at the same instant get one counterparty', async () => {
    const inn = '1234567894';
    const companies = await Promise.all(
      ['ООО "Двойник"', 'ООО "Двойник" (дубль)'].map((title) =>
        createCompany(t.stack, { title, phone: '+7 902 111-22-33', inn }),
      ),
    );
    const items = await Promise.all(
      companies.map((companyId, i) =>
        createRequestItem(t.stack, { title: `ИНН ${i}`, companyId, description: 'Одинаковый ИНН' }),
      ),
    );
    await waitFor(
      'both documents',
      async () => {
        const docs = await Promise.all(items.map((id) => documentsOf(t.stack, id)));
        return docs.every((d) => d[0]?.Posted);
      },
      { timeoutMs: 60_000 },
    );
    const counterparties = await odata(t.stack, `Catalog_Контрагенты?$filter=ИНН eq '${inn}'`);
    assert.equal(counterparties.length, 1);
  });
});
