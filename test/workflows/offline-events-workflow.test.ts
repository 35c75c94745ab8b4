/**
 * The offline-queue reader workflow over fake activities on a real Temporal server: the order of a round
 * (bind → take → hand over → settle), the token pair flowing from each activity into the next, a failed round
 * not ending it, a newly configured refresh token replacing the kept pair, and cancellation ending it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { OAuthTokens } from '../../activities/bitrix24/oauth';
import type { OfflineBatch, OfflineEventActivities } from '../../activities/offline-events';
import type { OfflineEventRow } from '../../domain/offline-event';
import { workflowsPath } from '../../workers/request-worker';
import { offlineCredentialsSignal, offlineEventsWorkflow } from '../../workflows/offline-events-workflow';
import { startTestTemporal } from '../support/temporal-env';
import { waitFor } from '../support/wait-for';

const row = (id: string, messageId: string): OfflineEventRow => ({
  ID: id,
  TIMESTAMP_X: '2026-12-01T03:00:00+03:00',
  EVENT_NAME: 'ONCRMDYNAMICITEMADD',
  EVENT_DATA: { FIELDS: { ID: Number(id), ENTITY_TYPE_ID: 1038 } },
  MESSAGE_ID: messageId,
});

/** Records every call; the first take hands out two rows with refreshed tokens, later ones nothing. */
class FakeQueue {
  calls: Array<{ name: string; tokens?: OAuthTokens; detail?: unknown }> = [];
  failTakes = 0;
  private served = false;

  activities(): OfflineEventActivities {
    return {
      bindOfflineEvents: async (tokens) => {
        this.calls.push({ name: 'bind', tokens });
        return tokens;
      },
      takeOfflineEvents: async ({ tokens, lookForReserved }): Promise<OfflineBatch> => {
        this.calls.push({ name: 'take', tokens, detail: lookForReserved });
        if (this.failTakes > 0) {
          this.failTakes -= 1;
          throw ApplicationFailure.nonRetryable('invalid_grant', 'Bitrix24Error:invalid_grant');
        }
        if (this.served) return { processId: null, events: [], tokens };
        this.served = true;
        return {
          processId: 'p1',
          events: [row('5', 'm1'), row('6', 'm2')],
          tokens: { accessToken: 'a2', refreshToken: 'r2' },
        };
      },
      handOverOfflineEvents: async (events) => {
        this.calls.push({ name: 'handOver', detail: events.map((e) => e.MESSAGE_ID) });
        return { dispatched: 1, ignored: 0, failed: ['m2'] };
      },
      settleOfflineEvents: async (input) => {
        this.calls.push({ name: 'settle', tokens: input.tokens, detail: [input.processId, input.failed] });
        return input.tokens;
      },
    };
  }

  names(): string[] {
    return this.calls.map((c) => c.name);
  }
}

let env: TestWorkflowEnvironment;
before(async () => {
  env = await startTestTemporal();
});
after(async () => {
  await env?.teardown();
});

async function withReader(
  fake: FakeQueue,
  run: (handle: WorkflowHandle<typeof offlineEventsWorkflow>) => Promise<void>,
) {
  const taskQueue = `offline-${Math.random().toString(36).slice(2)}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath,
    activities: fake.activities(),
  });
  const start = () =>
    env.client.workflow.start(offlineEventsWorkflow, {
      taskQueue,
      workflowId: taskQueue,
      args: [
        {
          tokens: { accessToken: '', refreshToken: 'r1' },
          configuredRefreshToken: 'r1',
          pollIntervalMs: 200,
          batchSize: 50,
        },
      ],
    });
  await worker.runUntil(async () => {
    const handle = await start();
    try {
      await run(handle);
    } finally {
      await handle.cancel().catch(() => undefined);
    }
  });
}

describe('offlineEventsWorkflow', { timeout: 120_000 }, () => {
  test('a round: bind, take, hand over, settle the process; tokens flow from each step into the next', async () => {
    const fake = new FakeQueue();
    await withReader(fake, async () => {
      await waitFor('a second take', () => fake.names().filter((n) => n === 'take').length >= 2);
    });
    assert.deepEqual(fake.names().slice(0, 5), ['bind', 'take', 'handOver', 'settle', 'take']);
    assert.deepEqual(fake.calls[0]?.tokens, { accessToken: '', refreshToken: 'r1' });
    assert.deepEqual(fake.calls[2]?.detail, ['m1', 'm2']);
    assert.deepEqual(
      fake.calls[3]?.detail,
      ['p1', ['m2']],
      'the unreadable row is parked, the process cleared',
    );
    assert.deepEqual(
      fake.calls[3]?.tokens,
      { accessToken: 'a2', refreshToken: 'r2' },
      'refreshed tokens kept',
    );
    assert.deepEqual(fake.calls[4]?.tokens, { accessToken: 'a2', refreshToken: 'r2' });
    assert.equal(fake.calls[1]?.detail, true, 'the first round of a run looks for rows left reserved');
    assert.equal(fake.calls[4]?.detail, false, 'after a settled round it does not (one call less a poll)');
  });

  test('a failed round is retried after the poll interval; a new configured refresh token replaces the pair', async () => {
    const fake = new FakeQueue();
    fake.failTakes = 2;
    await withReader(fake, async (handle) => {
      await waitFor('rounds after two failures', () => fake.names().includes('settle'));
      await handle.signal(offlineCredentialsSignal, { refreshToken: 'r1' });
      await handle.signal(offlineCredentialsSignal, { refreshToken: 'r9' });
      await waitFor('a bind with the new token', () =>
        fake.calls.some((c) => c.name === 'bind' && c.tokens?.refreshToken === 'r9'),
      );
      const description = await handle.describe();
      assert.equal(description.status.name, 'RUNNING');
    });
    assert.equal(fake.names().filter((n) => n === 'take').length >= 3, true);
    const takes = fake.calls.filter((c) => c.name === 'take');
    assert.deepEqual(
      takes.slice(0, 3).map((c) => c.detail),
      [true, true, true],
      'a round after a failed one looks for reserved rows again',
    );
    const rebind = fake.calls.find((c) => c.name === 'bind' && c.tokens?.refreshToken === 'r9');
    assert.deepEqual(
      rebind?.tokens,
      { accessToken: '', refreshToken: 'r9' },
      'access token dropped: refresh first',
    );
  });

  test('cancelling the reader (inbound back to webhook) ends it', async () => {
    const fake = new FakeQueue();
    await withReader(fake, async (handle) => {
      await waitFor('a take', () => fake.names().includes('take'));
      await handle.cancel();
      const closed = await waitFor('the run closed', async () => {
        const d = await handle.describe();
        return d.status.name !== 'RUNNING' ? d.status.name : null;
      });
      assert.equal(closed, 'CANCELLED');
    });
  });
});
