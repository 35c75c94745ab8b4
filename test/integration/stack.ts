/** One Temporal dev server and one local stack (sandboxes, receiver, worker) shared by a test file. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { IntegrationConfigInput } from '../../config/schema';
import { startLocalStack, type LocalStack } from '../../scripts/lib/local-stack';
import { startTestTemporal } from '../support/temporal-env';

export interface TestStack {
  env: TestWorkflowEnvironment;
  stack: LocalStack;
  close(): Promise<void>;
}

export async function startTestStack(
  taskQueue: string,
  tweak?: (config: IntegrationConfigInput) => void,
): Promise<TestStack> {
  const env = await startTestTemporal();
  const stack = await startLocalStack({
    client: env.client,
    nativeConnection: env.nativeConnection,
    taskQueue,
    sandboxEnv: {
      B24_SANDBOX_PORT: '0',
      B24_SANDBOX_HTTPS_PORT: 'off',
      B24_SANDBOX_RATE_LIMIT: 'off',
      ONEC_SANDBOX_PORT: '0',
    },
    tweak: (config) => {
      if (config.onec) config.onec.polling = { enabled: false, intervalSeconds: 60 };
      // Tests that exercise reconciliation turn it on and trigger it themselves.
      config.reconciliation = { enabled: false };
      tweak?.(config);
    },
  });
  return {
    env,
    stack,
    close: async () => {
      await stack.close();
      await env.teardown();
    },
  };
}
