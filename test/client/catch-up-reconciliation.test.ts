/** A starting receiver asks for one reconciliation run once the grace has passed (armCatchUpReconciliation). */
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { armCatchUpReconciliation } from '../../client/catch-up-reconciliation';
import { configFromObject } from '../../config/load';
import { reconcileScheduleId } from '../../client/reconciliation-schedule';
import { minimalConfig } from '../support/minimal-config';

function fakeSchedules(trigger: (policy: unknown) => Promise<void>) {
  const asked: string[] = [];
  const client = {
    schedule: { getHandle: (id: string) => (asked.push(id), { trigger }) },
  } as unknown as Pick<Client, 'schedule'>;
  return { client, asked };
}

function recordingLogger() {
  const lines: Array<{ level: string; msg: string }> = [];
  const log = (level: string) => (a: unknown, b?: unknown) =>
    lines.push({ level, msg: typeof a === 'string' ? a : String(b) });
  return { logger: { info: log('info'), warn: log('warn') } as never, lines };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('catch-up reconciliation at receiver start', () => {
  it('triggers the schedule once, after the grace, and says so in one line', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const config = configFromObject({ ...minimalConfig(), reconciliation: { grace: '10s' } });
      const policies: unknown[] = [];
      const { client, asked } = fakeSchedules(async (p) => void policies.push(p));
      const { logger, lines } = recordingLogger();
      armCatchUpReconciliation(client, config, logger);
      mock.timers.tick(10_999);
      assert.deepEqual(asked, [], 'changes younger than the grace are left to their events');
      mock.timers.tick(1);
      mock.timers.runAll();
      await flush();
      assert.deepEqual(asked, [reconcileScheduleId(config.bitrix24.entityTypeId)]);
      assert.deepEqual(policies, [ScheduleOverlapPolicy.BUFFER_ONE]);
      assert.deepEqual(
        lines.map((l) => l.level),
        ['info'],
      );
    } finally {
      mock.timers.reset();
    }
  });

  it('does nothing when disarmed, disabled or switched off, and only warns when the trigger fails', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const { logger, lines } = recordingLogger();
      const armed = fakeSchedules(async () => undefined);
      const disarm = armCatchUpReconciliation(armed.client, configFromObject(minimalConfig()), logger);
      disarm();
      for (const reconciliation of [{ enabled: false }, { catchUpOnStart: false }]) {
        const off = fakeSchedules(async () => undefined);
        armCatchUpReconciliation(
          off.client,
          configFromObject({ ...minimalConfig(), reconciliation }),
          logger,
        );
        mock.timers.runAll();
        assert.deepEqual(off.asked, []);
      }
      mock.timers.runAll();
      assert.deepEqual(armed.asked, []);

      const failing = fakeSchedules(async () => {
        throw new Error('schedule not found');
      });
      armCatchUpReconciliation(failing.client, configFromObject(minimalConfig()), logger);
      mock.timers.runAll();
      await flush();
      assert.deepEqual(
        lines.map((l) => l.level),
        ['warn'],
      );
    } finally {
      mock.timers.reset();
    }
  });
});
