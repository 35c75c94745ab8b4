/** One Temporal dev server and one local stack (sandboxes, receiver, worker) shared by a test file. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../scripts/lib/local-stack';
import { startTestTemporal, type TestTemporalUi } from '../support/temporal-env';

export interface TestStack {
  env: TestWorkflowEnvironment;
  stack: LocalStack;
  close(): Promise<void>;
}

export interface TestStackOptions {
  /** Extra sandbox environment (credentials etc.) on top of ephemeral ports and no rate limit. */
  sandboxEnv?: NodeJS.ProcessEnv;
  tweak?: LocalStackOptions['tweak'];
  logging?: LocalStackOptions['logging'];
  /** Start the dev server's Web UI too (browser tests). */
  ui?: TestTemporalUi;
}

export async function startTestStack(taskQueue: string, options: TestStackOptions = {}): Promise<TestStack> {
  const env = await startTestTemporal(options.ui);
  const stack = await startLocalStack({
    client: env.client,
    nativeConnection: env.nativeConnection,
    taskQueue,
    sandboxEnv: {
      B24_SANDBOX_PORT: '0',
      B24_SANDBOX_HTTPS_PORT: 'off',
      B24_SANDBOX_RATE_LIMIT: 'off',
      ONEC_SANDBOX_PORT: '0',
      // A notification refused while the machine is busy comes again within seconds, not after the
      // extension's production minute, so a transient 503 does not outlast a test's wait.
      ONEC_NOTIFY_RETRY_DELAYS_MS: '500,2000,5000,15000',
      ...options.sandboxEnv,
    },
    tweak: (config) => {
      if (config.onec) config.onec.polling = { enabled: false, intervalSeconds: 60 };
      // Tests that exercise reconciliation turn it on and trigger it themselves.
      config.reconciliation = { enabled: false };
      // Events come by webhook only; the offline-queue tests switch bitrix24.inbound themselves.
      config.bitrix24 = { ...config.bitrix24, inbound: 'webhook' };
      options.tweak?.(config);
      // Tests trigger reconciliation themselves; a catch-up run at start would race them.
      config.reconciliation = { catchUpOnStart: false, ...config.reconciliation };
    },
    ...(options.logging ? { logging: options.logging } : {}),
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
