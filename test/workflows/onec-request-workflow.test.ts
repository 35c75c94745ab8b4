/**
 * Requests born in 1C over in-memory systems: the item's Bitrix24 events racing the write-back, every event
 * delivered twice and out of order, documents born in Bitrix24 never coming back, manager notifications.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bitrixItemChangedSignal,
  onecDocumentPostedSignal,
  onecStatusChangedSignal,
  requestStateQuery,
} from '../../workflows/messages';
import { onecRequestWorkflow } from '../../workflows/onec-request-workflow';
import { requestWorkflow } from '../../workflows/request-workflow';
import { onecSweepWorkflow } from '../../workflows/sweep-onec-requests';
import { onecRequestWorkflowId, requestWorkflowId } from '../../workflows/workflow-ids';
import { testSettings } from '../support/request-settings';
import { startTestTemporal } from '../support/temporal-env';
import { waitFor } from '../support/wait-for';
import type { FakeSystems } from './fake-systems';
import { validRequest } from './fake-systems';
import { startFakeWorker, type FakeWorker } from './fake-worker';

const TASK_QUEUE = 'onec-request-workflow-test';
let w: FakeWorker;
let env: TestWorkflowEnvironment;
let fake: FakeSystems;
before(async () => {
  w = await startFakeWorker(startTestTemporal, TASK_QUEUE);
  ({ env, fake } = w);
});
after(async () => w?.stop());

const settings = testSettings({
  portalUrl: 'https://portal.example.ru',
  onecRequests: {
    responsibleUsers: { 'Петров Сергей': 3 },
    fallbackUserId: 1,
    enabled: true,
    sweepLookbackDays: 30,
  },
});

/** What the receiver does with a Bitrix24 item event. */
const bitrixEvent = (itemId: number, event: 'add' | 'update') =>
  env.client.workflow.signalWithStart(requestWorkflow, {
    workflowId: requestWorkflowId(1038, itemId),
    taskQueue: TASK_QUEUE,
    args: [{ itemId, settings }],
    signal: bitrixItemChangedSignal,
    signalArgs: [{ event, ts: 0 }],
  });

/** What the receiver does with `zayavka.posted` (or a status change of an unlinked document). */
const posted = (documentRef: string, eventId: string) =>
  env.client.workflow.signalWithStart(onecRequestWorkflow, {
    workflowId: onecRequestWorkflowId(documentRef),
    taskQueue: TASK_QUEUE,
    args: [{ documentRef, settings }],
    signal: onecDocumentPostedSignal,
    signalArgs: [{ eventId }],
  });

function registerInOneC(ref: string, counterpartyRef: string): void {
  fake.onecCounterparties.set(counterpartyRef, {
    ref: counterpartyRef,
    name: `Клиент ${counterpartyRef}`,
    inn: '7701020304',
    phone: '',
    email: '',
    legalAddress: 'г. Москва',
    type: 'ЮридическоеЛицо',
    bitrixKey: '',
  });
  fake.onecDocuments.set(ref, {
    ref,
    number: `N-${ref}`,
    date: '2025-01-13T10:15:00',
    posted: true,
    deletionMark: false,
    counterpartyRef,
    description: 'Сломался принтер',
    type: 'Ремонт',
    status: 'Новая',
    responsible: 'Петров Сергей',
    bitrixItemId: '',
  });
  fake.onecStatus.set(ref, 'Новая');
}

const itemsOf = (ref: string) => [...fake.items.values()].filter((i) => i.onecRef === ref);
const stepsOf = (itemId: number) => fake.history.filter((h) => h.itemId === itemId).map((h) => h.event.step);

async function settled(): Promise<void> {
  await waitFor('1C-born workflows done', async () => {
    for await (const wf of env.client.workflow.list({ query: 'ExecutionStatus = "Running"' })) {
      if (wf.workflowId.startsWith('request-onec-') || wf.workflowId.startsWith('client-onec-')) return false;
    }
    return true;
  });
}

describe('requests born in 1C (mocked activities)', { timeout: 90_000 }, () => {
  test('the ADD event arriving before the write-back adopts the document; duplicates create nothing', async () => {
    registerInOneC('doc-a', 'cp-a');
    // The portal delivers the new item's events at once — twice, out of order — and the write-back is slow.
    fake.onItemCreated = async (itemId) => {
      await bitrixEvent(itemId, 'update');
      await bitrixEvent(itemId, 'add');
      await bitrixEvent(itemId, 'add');
    };
    fake.linkDelayMs = 1500;
    try {
      await Promise.all([posted('doc-a', 'e1'), posted('doc-a', 'e1')]);
      const itemId = await waitFor('item', () => itemsOf('doc-a')[0]?.itemId);
      const handle = env.client.workflow.getHandle<typeof requestWorkflow>(requestWorkflowId(1038, itemId));
      const state = await waitFor('adopted', async () => {
        const s = await handle.query(requestStateQuery);
        return s.phase === 'syncing-status' ? s : undefined;
      });
      assert.deepEqual(state.document, { ref: 'doc-a', number: 'N-doc-a' });
      await settled();
    } finally {
      fake.onItemCreated = async () => undefined;
      fake.linkDelayMs = 0;
    }
    // Delivered again after everything settled, in reverse order.
    const [item] = itemsOf('doc-a');
    assert.ok(item);
    await bitrixEvent(item.itemId, 'add');
    await posted('doc-a', 'e2');
    await posted('doc-a', 'e1');
    await settled();

    assert.equal(itemsOf('doc-a').length, 1);
    assert.equal(
      fake.documents.filter((d) => d.itemId === item.itemId).length,
      0,
      'no document from Bitrix24',
    );
    assert.equal(fake.onecDocuments.get('doc-a')?.bitrixItemId, String(item.itemId));
    assert.deepEqual(
      fake.onecWrites.filter((x) => x.startsWith('link doc-a')),
      [`link doc-a ${item.itemId}`],
    );
    assert.deepEqual(fake.bitrixClientsCreated, ['cp-a']);
    assert.equal(item.assignedById, 3);
    assert.ok(stepsOf(item.itemId).includes('adopted'));
    assert.ok(!stepsOf(item.itemId).includes('validated'), 'an adopted item is never validated');
    const onecSteps = fake.history.filter((h) => h.onecDocumentRef === 'doc-a').map((h) => h.event.step);
    for (const step of ['received-from-onec', 'client-created-in-bitrix', 'item-created'] as const)
      assert.ok(onecSteps.includes(step), step);
  });

  test('a document created from Bitrix24 never comes back as a new 1C request', async () => {
    fake.items.set(20, validRequest(20));
    await bitrixEvent(20, 'add');
    const doc = await waitFor('document from Bitrix24', () => fake.documents.find((d) => d.itemId === 20));
    // A 1C user re-posts it: the extension's notice and the sweep both reach its 1C-born workflow.
    await posted(doc.ref, 'p1');
    await posted(doc.ref, 'p1');
    const outcome = await env.client.workflow.getHandle(onecRequestWorkflowId(doc.ref)).result();
    assert.deepEqual(outcome, { outcome: 'already-linked', itemId: null });
    await settled();
    assert.equal(itemsOf(doc.ref).length, 0);
    assert.equal(fake.documents.filter((d) => d.itemId === 20).length, 1);
  });

  test('the sweep starts unlinked posted documents only, once', async () => {
    registerInOneC('doc-s', 'cp-s');
    const draft = fake.onecDocuments.get('doc-s')!;
    registerInOneC('doc-draft', 'cp-s');
    fake.onecDocuments.get('doc-draft')!.posted = false;
    const sweep = () =>
      env.client.workflow.execute(onecSweepWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId: `sweep-${Date.now()}`,
        args: [{ settings, watermark: new Date().toISOString() }],
      });
    assert.deepEqual(await sweep(), ['doc-s']);
    await settled();
    assert.equal(itemsOf('doc-s').length, 1);
    assert.notEqual(draft.bitrixItemId, '');
    assert.deepEqual(await sweep(), []);
    const off = testSettings({ onecRequests: { ...settings.onecRequests!, enabled: false } });
    fake.onecDocuments.get('doc-draft')!.posted = true;
    const skipped = await env.client.workflow.execute(onecSweepWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: 'sweep-off',
      args: [{ settings: off, watermark: new Date().toISOString() }],
    });
    assert.deepEqual(skipped, [], 'onecRequests.enabled = false turns the sweep off');
  });

  test('a 1C status change made right after the adoption read is not undone by the status it read', async () => {
    // An item created from 1C earlier (it carries the document's reference); its ADD event starts the adoption.
    registerInOneC('doc-r', 'cp-r');
    const itemId = 7001;
    fake.items.set(itemId, validRequest(itemId, { onecRef: 'doc-r' }));
    const handle = env.client.workflow.getHandle<typeof requestWorkflow>(requestWorkflowId(1038, itemId));
    // The adoption has read «Новая»; at that moment a 1C user moves the request on, and 1C stamps the change
    // with its whole second. The read answers in the next second, so a seed stamped with the workflow's
    // clock would look a second newer than the change.
    fake.afterLinkRead = async () => {
      fake.afterLinkRead = async () => undefined;
      fake.onecStatus.set('doc-r', 'ОжидаетУточнения');
      await handle.signal(onecStatusChangedSignal, {
        eventId: 'r-change',
        status: 'ОжидаетУточнения',
        occurredAt: `${new Date().toISOString().slice(0, 19)}Z`,
        initiator: 'user',
      });
      await new Promise((r) => setTimeout(r, 1050 - (Date.now() % 1000)));
    };
    try {
      await bitrixEvent(itemId, 'add');
      await waitFor('stage CLIENT', () => fake.items.get(itemId)?.stageId === 'DT1038_10:CLIENT');
    } finally {
      fake.afterLinkRead = async () => undefined;
    }
    // Both are handled in one pass; a reverting write would follow the first at once.
    await new Promise((r) => setTimeout(r, 1000));
    const state = await handle.query(requestStateQuery);
    assert.equal(state.sync?.status, 'ОжидаетУточнения', state.notes.join(' | '));
    assert.deepEqual(
      fake.bitrixWrites.filter((w) => w.startsWith(`stage ${itemId} `)),
      [`stage ${itemId} DT1038_10:CLIENT`],
      'the stage written once, never back to NEW',
    );
  });

  test('1C status changes notify the responsible manager for the configured statuses, with a link', async () => {
    registerInOneC('doc-n', 'cp-n');
    await posted('doc-n', 'n1');
    const itemId = await waitFor('item', () => itemsOf('doc-n')[0]?.itemId);
    const handle = env.client.workflow.getHandle<typeof requestWorkflow>(requestWorkflowId(1038, itemId));
    await waitFor('syncing', async () => (await handle.query(requestStateQuery)).phase === 'syncing-status');
    const change = (eventId: string, status: string, second: number) =>
      handle.signal(onecStatusChangedSignal, {
        eventId,
        status,
        occurredAt: `${new Date(Date.now() + second * 1000).toISOString().slice(0, 19)}Z`,
        initiator: 'user',
      });
    await change('s1', 'ВРаботе', 1);
    await waitFor('stage PREPARATION', () => fake.items.get(itemId)?.stageId === 'DT1038_10:PREPARATION');
    await change('s2', 'ОжидаетУточнения', 2);
    await change('s2', 'ОжидаетУточнения', 2);
    await waitFor('stage CLIENT', () => fake.items.get(itemId)?.stageId === 'DT1038_10:CLIENT');
    const mine = await waitFor('notification', () => {
      const sent = fake.notifications.filter((n) => n.message.includes(`заявки № ${itemId} `));
      return sent.length > 0 ? sent : undefined;
    });
    assert.deepEqual(mine, [
      {
        userId: 3,
        message:
          `В 1С изменён статус заявки № ${itemId} (документ 1С № N-doc-n): «Ожидает уточнения». ` +
          `[URL=https://portal.example.ru/crm/type/1038/details/${itemId}/]Открыть заявку[/URL]`,
        timelineComment: false,
      },
    ]);
    await waitFor('manager-notified row', () => stepsOf(itemId).includes('manager-notified'));
  });
});
