// Timers measured in hours and days, run on the time-skipping test server: they fire in milliseconds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { requestStateQuery } from '../../workflows/messages';
import { testSettings } from '../support/request-settings';
import { startTimeSkippingTemporal } from '../support/temporal-env';
import { waitFor } from '../support/wait-for';
import type { FakeSystems } from './fake-systems';
import { validRequest } from './fake-systems';
import { startFakeWorker, type FakeWorker } from './fake-worker';

let w: FakeWorker;
let env: TestWorkflowEnvironment;
let fake: FakeSystems;
before(async () => {
  w = await startFakeWorker(startTimeSkippingTemporal, 'timers-test');
  ({ env, fake } = w);
});
after(async () => w?.stop());

const start = (itemId: number, settings = testSettings()) => w.start(itemId, settings);

describe('request workflow timers (time-skipping)', { timeout: 60_000 }, () => {
  test('an invalid request is escalated after the configured day, not before', async () => {
    fake.items.set(1, validRequest(1, { description: '' }));
    const handle = await start(1, testSettings({ escalateAfterMs: 24 * 3600_000, escalateToUserId: 1 }));
    await waitFor('manager notified', () => fake.notifications.some((n) => n.userId === 2));
    const escalated = () => fake.notifications.some((n) => n.userId === 1 && n.message.includes('Эскалация'));

    await env.sleep('23 hours');
    assert.equal(escalated(), false);
    assert.equal((await handle.query(requestStateQuery)).escalated, false);

    await env.sleep('2 hours');
    await waitFor('escalation', escalated);
    assert.equal((await handle.query(requestStateQuery)).escalated, true);
    await handle.terminate('done');
  });

  test('without the 1C extension, polling every five minutes picks up a status change', async () => {
    fake.items.set(2, validRequest(2));
    const handle = await start(2, testSettings({ onecPollIntervalMs: 5 * 60_000 }));
    await waitFor(
      'status sync',
      async () => (await handle.query(requestStateQuery)).phase === 'syncing-status',
    );
    fake.onecStatus.set('doc-2', 'ВРаботе');
    await env.sleep('6 minutes');
    await waitFor('stage mirrored', () => fake.items.get(2)?.stageId === 'DT1038_10:PREPARATION');
    await handle.terminate('done');
  });
});
