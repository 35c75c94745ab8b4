import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bitrixItemChangedSignal,
  onecStatusChangedSignal,
  requestStateQuery,
} from '../../workflows/messages';
import { workflowMetadataQuery } from '@temporalio/workflow';
import { REQUEST_PHASE } from '../../workflows/search-attributes';
import { testSettings } from '../support/request-settings';
import { startTestTemporal } from '../support/temporal-env';
import { waitFor } from '../support/wait-for';
import type { FakeSystems } from './fake-systems';
import { validRequest } from './fake-systems';
import { startFakeWorker, type FakeWorker } from './fake-worker';

let w: FakeWorker;
let env: TestWorkflowEnvironment;
let fake: FakeSystems;
before(async () => {
  w = await startFakeWorker(startTestTemporal, 'request-workflow-test');
  ({ env, fake } = w);
});
after(async () => w?.stop());

const start = (itemId: number, settings = testSettings()) => w.start(itemId, settings);

/** 1C stamps changes to the second, in real time. */
const secondsFromNow = (s: number) => `${new Date(Date.now() + s * 1000).toISOString().slice(0, 19)}Z`;

/** Waits until the request mirrors statuses: its document exists and is linked. */
const syncing = (handle: Awaited<ReturnType<typeof start>>) =>
  waitFor('sync phase', async () => (await handle.query(requestStateQuery)).phase === 'syncing-status');

const steps = (itemId: number) => fake.history.filter((h) => h.itemId === itemId).map((h) => h.event.step);

describe('request workflow (mocked activities)', { timeout: 60_000 }, () => {
  test('happy path: validated, counterparty created, document created, stage SUCCESS completes it', async () => {
    fake.items.set(1, validRequest(1, { client: { ...validRequest(1).client!, id: 901 } }));
    const handle = await start(1);
    await waitFor('document', () => fake.documents.find((d) => d.itemId === 1));
    await syncing(handle);

    const item = fake.items.get(1)!;
    item.stageId = 'DT1038_10:SUCCESS';
    item.updatedTime = '2025-01-13T11:00:00+03:00';
    await handle.signal(bitrixItemChangedSignal, { event: 'update', ts: 1 });
    const outcome = await handle.result();

    assert.equal(outcome.phase, 'completed');
    assert.equal(outcome.status, 'Завершена');
    assert.equal(fake.onecStatus.get('doc-1'), 'Завершена');
    // History rows are written concurrently (the register orders them by their instant): compare as a set.
    assert.deepEqual(
      steps(1).sort(),
      [
        'received',
        'validated',
        'counterparty-created',
        'document-created',
        'document-posted',
        'linked',
        'status-to-onec',
        'completed',
      ].sort(),
    );
    const at = (step: string) => fake.history.find((h) => h.itemId === 1 && h.event.step === step)?.at ?? '';
    assert.ok(at('received') <= at('linked') && at('linked') <= at('completed'));
    const early = fake.history.filter((h) => h.itemId === 1 && h.event.step === 'received');
    assert.equal(early[0]?.requestRef, 'doc-1', 'rows from before the document are moved under it');
  });

  test('an invalid request notifies the manager, waits for the fix, then proceeds', async () => {
    fake.items.set(
      2,
      validRequest(2, { description: ' ', client: { ...validRequest(2).client!, phones: [], emails: [] } }),
    );
    const handle = await start(2);
    await waitFor('notification', () => fake.notifications.find((n) => n.message.includes('№ 2')));
    const state = await handle.query(requestStateQuery);
    assert.equal(state.phase, 'awaiting-fix');
    assert.deepEqual(state.problems.map((p) => p.field).sort(), ['contact', 'description']);
    assert.equal(fake.notifications.filter((n) => n.message.includes('№ 2'))[0]?.userId, 2);

    fake.items.set(2, validRequest(2));
    await handle.signal(bitrixItemChangedSignal, { event: 'update', ts: 2 });
    await waitFor('document after the fix', () => fake.documents.find((d) => d.itemId === 2));
    // History rows are written beside the steps (workflows/journal.ts), so they may land just after.
    await waitFor('history rows', () => steps(2).includes('validated'));
    assert.ok(steps(2).includes('validation-failed'));
  });

  test('1C status changes move the stage; echoes, duplicates and stale changes are ignored', async () => {
    fake.items.set(4, validRequest(4));
    const handle = await start(4);
    await syncing(handle);

    const change = {
      eventId: 'e1',
      status: 'ВРаботе',
      occurredAt: secondsFromNow(0),
      initiator: 'user' as const,
    };
    await handle.signal(onecStatusChangedSignal, change);
    await handle.signal(onecStatusChangedSignal, change);
    await waitFor('stage mirrored', () => fake.items.get(4)?.stageId === 'DT1038_10:PREPARATION');
    // An older change delivered late must not win over the newer one.
    await handle.signal(onecStatusChangedSignal, {
      ...change,
      eventId: 'e0',
      status: 'ОжидаетУточнения',
      occurredAt: secondsFromNow(-3600),
    });
    // Our own write reported back by 1C.
    await handle.signal(onecStatusChangedSignal, {
      ...change,
      eventId: 'e2',
      status: 'Новая',
      initiator: 'integration',
    });
    await waitFor('notes', async () =>
      (await handle.query(requestStateQuery)).notes.some((n) => n.includes('stale')),
    );
    assert.deepEqual(
      fake.bitrixWrites.filter((w) => w.startsWith('stage 4')),
      ['stage 4 DT1038_10:PREPARATION'],
    );

    await handle.signal(onecStatusChangedSignal, {
      eventId: 'e3',
      status: 'Завершена',
      occurredAt: secondsFromNow(60),
      initiator: 'user',
    });
    const outcome = await handle.result();
    assert.equal(outcome.status, 'Завершена');
    // Exactly the two genuine 1C changes reached Bitrix24: no echo, no stale overwrite.
    assert.deepEqual(
      fake.bitrixWrites.filter((w) => w.startsWith('stage 4')),
      ['stage 4 DT1038_10:PREPARATION', 'stage 4 DT1038_10:SUCCESS'],
    );
  });

  test('a 1C change made while the previous one is written to Bitrix24 is mirrored too', async () => {
    fake.items.set(5, validRequest(5));
    const handle = await start(5);
    await syncing(handle);
    // While «В работе» is being written to the item, a 1C user moves the request on; 1C's whole seconds
    // stamp it a second before the portal stamps our write.
    fake.duringStageWrite = async () => {
      fake.duringStageWrite = async () => undefined;
      await handle.signal(onecStatusChangedSignal, {
        eventId: 'w2',
        status: 'ОжидаетУточнения',
        occurredAt: secondsFromNow(-1),
        initiator: 'user',
      });
    };
    try {
      await handle.signal(onecStatusChangedSignal, {
        eventId: 'w1',
        status: 'ВРаботе',
        occurredAt: secondsFromNow(-2),
        initiator: 'user',
      });
      await waitFor('stage CLIENT', () => fake.items.get(5)?.stageId === 'DT1038_10:CLIENT', {
        timeoutMs: 5_000,
      }).catch(async (err: unknown) => {
        throw new Error(`${String(err)}; notes ${(await handle.query(requestStateQuery)).notes.join(' | ')}`);
      });
    } finally {
      fake.duringStageWrite = async () => undefined;
    }
    assert.deepEqual(
      fake.bitrixWrites.filter((w) => w.startsWith('stage 5')),
      ['stage 5 DT1038_10:PREPARATION', 'stage 5 DT1038_10:CLIENT'],
    );
  });

  test('ten simultaneous requests of one new client create exactly one counterparty', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => 100 + i);
    for (const id of ids)
      fake.items.set(
        id,
        validRequest(id, { client: { ...validRequest(id).client!, id: 555, inn: '5500000015' } }),
      );
    await Promise.all(ids.map((id) => start(id)));
    await waitFor('ten documents', () => ids.every((id) => fake.documents.some((d) => d.itemId === id)), {
      timeoutMs: 60_000,
    });
    assert.equal(fake.counterparties.filter((c) => c.key === '555').length, 1);
  });

  test('polling picks up 1C status changes where the 1C extension is not installed', async () => {
    fake.items.set(6, validRequest(6));
    const handle = await start(6, testSettings({ onecPollIntervalMs: 500 }));
    await syncing(handle);
    fake.onecStatus.set('doc-6', 'Отменена');
    const outcome = await handle.result();
    assert.equal(outcome.status, 'Отменена');
    assert.equal(fake.items.get(6)?.stageId, 'DT1038_10:FAIL');
  });

  test('a long-lived request continues as new and keeps its state', async () => {
    fake.items.set(8, validRequest(8));
    const handle = await start(8, testSettings({ historyEventLimit: 30 }));
    await syncing(handle);
    const firstRun = (await handle.describe()).runId;
    const statuses = ['ВРаботе', 'ОжидаетУточнения', 'ВРаботе', 'ОжидаетУточнения', 'ВРаботе'];
    for (const [i, status] of statuses.entries()) {
      await handle.signal(onecStatusChangedSignal, {
        eventId: `long-${i}`,
        status,
        occurredAt: secondsFromNow(i + 1),
        initiator: 'user',
      });
      await waitFor(
        `stage for ${status}`,
        async () => (await handle.query(requestStateQuery)).sync?.status === status,
      );
    }
    const latest = env.client.workflow.getHandle(handle.workflowId);
    await waitFor('a new run', async () => (await latest.describe()).runId !== firstRun);
    const state = await latest.query(requestStateQuery);
    assert.equal(state.document?.ref, 'doc-8');
    assert.ok(state.seenEventIds.includes('long-0'));
    await latest.signal(onecStatusChangedSignal, {
      eventId: 'long-end',
      status: 'Отменена',
      occurredAt: secondsFromNow(10),
      initiator: 'user',
    });
    assert.equal((await latest.result()).status, 'Отменена');
  });

  test('a deleted item ends the workflow without a document', async () => {
    const handle = await start(7);
    const outcome = await handle.result();
    assert.equal(outcome.phase, 'deleted');
    assert.equal(
      fake.documents.some((d) => d.itemId === 7),
      false,
    );
  });

  test('two different clients with the same INN at the same instant get one counterparty', async () => {
    const inn = '7725000000';
    fake.items.set(301, validRequest(301, { client: { ...validRequest(301).client!, id: 3001, inn } }));
    fake.items.set(302, validRequest(302, { client: { ...validRequest(302).client!, id: 3002, inn } }));
    await Promise.all([start(301), start(302)]);
    await waitFor('both documents', () =>
      [301, 302].every((id) => fake.documents.some((d) => d.itemId === id)),
    );
    assert.equal(fake.counterparties.filter((c) => c.inn === inn).length, 1);
  });

  test('an item deleted after its document exists cancels the document and completes', async () => {
    fake.items.set(401, validRequest(401, { client: { ...validRequest(401).client!, id: 4001 } }));
    const handle = await start(401);
    await syncing(handle);
    fake.items.delete(401);
    await handle.signal(bitrixItemChangedSignal, { event: 'delete', ts: 2 });
    const outcome = await handle.result();

    assert.equal(outcome.phase, 'deleted');
    assert.equal(fake.onecStatus.get('doc-401'), 'Отменена');
    const events = fake.history.filter((h) => h.itemId === 401).map((h) => h.event);
    assert.ok(events.some((e) => e.step === 'item-deleted' && e.action === 'cancelled'));
  });

  test('with the deletion-mark policy the document of a deleted item is marked for deletion', async () => {
    fake.items.set(402, validRequest(402, { client: { ...validRequest(402).client!, id: 4002 } }));
    const handle = await start(402, { ...testSettings(), onItemDeleted: 'deletion-mark' });
    await syncing(handle);
    fake.items.delete(402);
    await handle.signal(bitrixItemChangedSignal, { event: 'delete', ts: 2 });
    assert.equal((await handle.result()).phase, 'deleted');
    assert.ok(fake.onecWrites.includes('deletion-mark doc-402'));
  });

  test('the Temporal UI shows the phase as a search attribute and the request in words', async () => {
    fake.items.set(31, validRequest(31, { title: 'Не печатает принтер', description: '' }));
    const handle = await start(31);
    await waitFor(
      'awaiting-fix',
      async () => (await handle.query(requestStateQuery)).phase === 'awaiting-fix',
    );
    await waitFor('phase attribute', async () => {
      const attrs = (await handle.describe()).typedSearchAttributes;
      return attrs.get(REQUEST_PHASE) === 'awaiting-fix';
    });
    const waiting = await waitFor('visibility', async () => {
      const found: string[] = [];
      for await (const run of env.client.workflow.list({ query: 'RequestPhase = "awaiting-fix"' }))
        found.push(run.workflowId);
      return found.includes(handle.workflowId) ? found : undefined;
    });
    assert.ok(waiting.includes(handle.workflowId));
    const details = await currentDetails(handle.workflowId);
    assert.match(details, /«Не печатает принтер»/);
    assert.match(details, /Ждёт исправления менеджером/);
    assert.match(details, /Нужно исправить: описание/);
    assert.doesNotMatch(details, /7707083893|@|\+7/, 'no INN, e-mail or phone in user metadata');

    fake.items.set(31, validRequest(31, { title: 'Не печатает принтер' }));
    await handle.signal(bitrixItemChangedSignal, { event: 'update', ts: 31 });
    await syncing(handle);
    const later = await currentDetails(handle.workflowId);
    assert.match(later, /1С № \d{9}/);
    assert.match(later, /статусы синхронизируются/);
    await handle.terminate('test done');
  });

  test('a request 1C refuses is marked failed, findable with RequestPhase = "failed"', async () => {
    fake.items.set(32, validRequest(32));
    fake.refuseDocument.set(32, 1);
    const handle = await start(32);
    await assert.rejects(handle.result());
    const attrs = (await handle.describe()).typedSearchAttributes;
    assert.equal(attrs.get(REQUEST_PHASE), 'failed');
    assert.match(await currentDetails(handle.workflowId), /Ошибка: нужен администратор/);
    // Rows are written concurrently, each with its instant (the register's order): the error is the last.
    const byTime = fake.history.filter((h) => h.itemId === 32).sort((a, b) => a.at.localeCompare(b.at));
    assert.equal(byTime.at(-1)?.event.step, 'error');
  });
});

/** Temporal's built-in metadata query: what the UI shows as the run's current details. */
async function currentDetails(workflowId: string): Promise<string> {
  const metadata = await env.client.workflow.getHandle(workflowId).query(workflowMetadataQuery);
  return metadata.currentDetails ?? '';
}
