/** A Temporal environment plus a worker running the real workflows over FakeSystems activities. */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
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
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath,
    activities: { ...fake.activities(), ...fake.onecBornActivities() },
  });
  const running = worker.run();
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
      await running;
      await env.teardown();
    },
  };
}
