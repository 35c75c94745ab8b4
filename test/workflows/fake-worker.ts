/** A Temporal environment plus a worker running the real workflows over FakeSystems activities. */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { splitByTaskQueue } from '../../activities';
import { bitrix24TaskQueue } from '../../activities/contract';
import { requestWorkflow } from '../../workflows/request-workflow';
import type { RequestSettings } from '../../workflows/request-settings';
import { workflowsPath } from '../../workers/request-worker';
import { testSettings } from '../support/request-settings';
import { FakeSystems } from './fake-systems';

export interface FakeWorker {
  env: TestWorkflowEnvironment;
  fake: FakeSystems;
  start(
    itemId: number,
    settings?: RequestSettings,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<typeof requestWorkflow>>;
  stop(): Promise<void>;
}

export async function startFakeWorker(
  createEnv: () => Promise<TestWorkflowEnvironment>,
  taskQueue: string,
): Promise<FakeWorker> {
  const env = await createEnv();
  const fake = new FakeSystems();
  const activities = splitByTaskQueue(fake.activities());
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath,
    activities: { ...activities.onec, ...fake.onecBornActivities() },
  });
  const bitrix24 = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: bitrix24TaskQueue(taskQueue),
    activities: activities.bitrix24,
  });
  const running = Promise.all([worker.run(), bitrix24.run()]);
  return {
    env,
    fake,
    start: (itemId, settings = testSettings()) =>
      env.client.workflow.start(requestWorkflow, {
        taskQueue,
        workflowId: `${taskQueue}-${itemId}`,
        args: [{ itemId, settings }],
      }),
    stop: async () => {
      worker.shutdown();
      bitrix24.shutdown();
      await running;
      await env.teardown();
    },
  };
}
