import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTestTemporal } from '../support/temporal-env';
import * as activities from './smoke-activities';
import { smokeWorkflow } from './smoke-workflows';

let env: TestWorkflowEnvironment;

before(async () => {
  env = await startTestTemporal();
});
after(async () => {
  await env?.teardown();
});

test('a real workflow runs a real activity on the provisioned dev server', async () => {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'smoke',
    workflowsPath: fileURLToPath(new URL('./smoke-workflows.ts', import.meta.url)),
    activities,
  });
  const result = await worker.runUntil(
    env.client.workflow.execute(smokeWorkflow, { taskQueue: 'smoke', workflowId: 'smoke-1', args: ['1С'] }),
  );
  assert.equal(result, 'Привет, 1С! (attempt 1)');
  const history = await env.client.workflow.getHandle('smoke-1').fetchHistory();
  assert.ok(history.events?.some((e) => e.activityTaskCompletedEventAttributes));
});
