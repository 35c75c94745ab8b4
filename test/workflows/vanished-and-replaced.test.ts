/**
 * A 1C document that vanishes under an open request (deleted, or marked for deletion) and a Bitrix24 item id
 * that comes back as another item: the request workflow over in-memory systems.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bitrixItemChangedSignal, requestStateQuery } from '../../workflows/messages';
import { testSettings } from '../support/request-settings';
import { startTestTemporal } from '../support/temporal-env';
import { waitFor } from '../support/wait-for';
import { validRequest, type FakeSystems } from './fake-systems';
import { startFakeWorker, type FakeWorker } from './fake-worker';

let w: FakeWorker;
let env: TestWorkflowEnvironment;
let fake: FakeSystems;
before(async () => {
  w = await startFakeWorker(startTestTemporal, 'vanished-and-replaced-test');
  ({ env, fake } = w);
});
after(async () => w?.stop());

const steps = (itemId: number) => fake.history.filter((h) => h.itemId === itemId).map((h) => h.event.step);
const documentsOf = (itemId: number) => fake.documents.filter((d) => d.itemId === itemId);
const polling = { onecPollIntervalMs: 300 };

async function syncing(itemId: number): Promise<void> {
  const handle = env.client.workflow.getHandle(`vanished-and-replaced-test-${itemId}`);
  await waitFor(
    'status sync',
    async () => (await handle.query(requestStateQuery)).phase === 'syncing-status',
  );
}

describe('vanished 1C document', { timeout: 60_000 }, () => {
  test('policy "cancel": history row, manager told, item cancelled, no retry loop', async () => {
    fake.items.set(21, validRequest(21));
    const handle = await w.start(21, testSettings(polling));
    await syncing(21);

    fake.gone.set('doc-21', 'marked');
    const outcome = await handle.result();

    assert.equal(outcome.phase, 'cancelled');
    assert.equal(outcome.status, 'Отменена');
    assert.equal(fake.items.get(21)?.stageId, 'DT1038_10:FAIL');
    const told = fake.notifications.find((n) => n.message.includes('№ 000000001'));
    assert.equal(told?.userId, 2);
    assert.match(told?.message ?? '', /помечен на удаление в 1С/);
    assert.deepEqual(steps(21).slice(-2), ['document-vanished', 'cancelled']);
    const vanished = fake.history.find((h) => h.itemId === 21 && h.event.step === 'document-vanished');
    assert.deepEqual(vanished?.event, {
      step: 'document-vanished',
      number: '000000001',
      how: 'marked',
      policy: 'cancel',
    });
  });

  test('a later run for the cancelled item (our own stage write echoed) makes no new document', async () => {
    // Continues the test above: item 21 is at FAIL, its only document is marked for deletion.
    const again = await w.start(21, testSettings(polling));
    const outcome = await again.result();
    assert.equal(outcome.phase, 'cancelled');
    assert.equal(documentsOf(21).length, 1);
  });

  test('policy "recreate": history row, manager told, a new document from the Bitrix24 item', async () => {
    fake.items.set(22, validRequest(22));
    const handle = await w.start(22, testSettings({ ...polling, vanishedDocument: 'recreate' }));
    await syncing(22);
    const firstRun = (await handle.describe()).runId;

    fake.gone.set('doc-22', 'deleted');
    const second = await waitFor('a second document', () => documentsOf(22).find((d) => d.ref !== 'doc-22'));
    assert.equal(second.created, true);
    assert.match(fake.notifications.at(-1)?.message ?? '', /удалён в 1С[\s\S]*создаётся новый документ/);
    assert.ok(steps(22).includes('document-vanished'));

    const latest = env.client.workflow.getHandle(handle.workflowId);
    assert.notEqual((await latest.describe()).runId, firstRun, 'a fresh run carries the request on');
    await syncing(22);
    assert.equal((await latest.query(requestStateQuery)).document?.ref, second.ref);

    const item = fake.items.get(22)!;
    item.stageId = 'DT1038_10:SUCCESS';
    item.updatedTime = '2025-01-13T12:00:00+03:00';
    await latest.signal(bitrixItemChangedSignal, { event: 'update', ts: 2 });
    assert.equal((await latest.result()).status, 'Завершена');
    assert.equal(fake.onecStatus.get(second.ref), 'Завершена');
  });
});

describe('an item id seen before', { timeout: 60_000 }, () => {
  test('an item created again under the same id is another request, not merged into the open one', async () => {
    fake.items.set(23, validRequest(23));
    const handle = await w.start(23);
    await syncing(23);
    const firstRun = (await handle.describe()).runId;

    // The portal is restored from backup: id 23 now names a newer item.
    fake.items.set(
      23,
      validRequest(23, {
        title: 'Другая заявка',
        createdTime: '2025-03-01T09:00:00+03:00',
        updatedTime: '2025-03-01T09:00:00+03:00',
      }),
    );
    await handle.signal(bitrixItemChangedSignal, { event: 'add', ts: 3 });

    const fresh = await waitFor('a document for the new item', () =>
      fake.documents.find((d) => d.itemId === 23 && d.ref !== 'doc-23'),
    );
    assert.equal(fresh.created, true);
    assert.equal(
      fake.documents.find((d) => d.ref === 'doc-23')?.itemId,
      0,
      'the old document is unlinked from the id',
    );
    const superseded = fake.history.find((h) => h.itemId === 23 && h.event.step === 'superseded');
    assert.deepEqual(superseded?.event, {
      step: 'superseded',
      createdTime: '2025-01-13T10:15:00+03:00',
      newCreatedTime: '2025-03-01T09:00:00+03:00',
      number: fake.documents.find((d) => d.ref === 'doc-23')?.number,
    });

    const latest = env.client.workflow.getHandle(handle.workflowId);
    assert.notEqual((await latest.describe()).runId, firstRun);
    await syncing(23);
    const state = await latest.query(requestStateQuery);
    assert.equal(state.title, 'Другая заявка');
    assert.equal(state.createdTime, '2025-03-01T09:00:00+03:00');
    assert.equal(state.document?.ref, fresh.ref);
    await latest.terminate('test done');
  });

  test('the same creation time in another notation is the same item', async () => {
    fake.items.set(24, validRequest(24));
    const handle = await w.start(24);
    await syncing(24);
    const item = fake.items.get(24)!;
    item.createdTime = '2025-01-13T07:15:00Z';
    item.stageId = 'DT1038_10:SUCCESS';
    item.updatedTime = '2025-01-13T12:00:00+03:00';
    await handle.signal(bitrixItemChangedSignal, { event: 'update', ts: 4 });
    const outcome = await handle.result();
    assert.equal(outcome.status, 'Завершена');
    assert.equal(documentsOf(24).length, 1);
    assert.ok(!steps(24).includes('superseded'));
  });
});
