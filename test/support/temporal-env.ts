/**
 * A real Temporal dev server for tests, started through the SDK's TestWorkflowEnvironment with the CLI that
 * `scripts/lib/temporal-cli` provisioned (falls back to the SDK's own download where the internet is reachable).
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { requestSearchAttributes } from '../../workflows/search-attributes';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { ensureTimeSkippingServer } from '../../scripts/lib/time-skipping-server';
import { registerSearchAttributes } from '../../scripts/lib/search-attributes';

let runtimeInstalled = false;

/** Workers log every state change at INFO; tests only want warnings. Must run before any worker exists. */
function quietWorkerLogs(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

export async function startTestTemporal(): Promise<TestWorkflowEnvironment> {
  quietWorkerLogs();
  const cli = process.env.TEMPORAL_CLI ?? ensureTemporalCli();
  return TestWorkflowEnvironment.createLocal({
    server: {
      ...(cli ? { executable: { type: 'existing-path' as const, path: cli } } : {}),
      searchAttributes: requestSearchAttributes,
      log: { format: 'pretty', level: 'error' },
    },
  });
}

/** The time-skipping test server: timers of days fire in milliseconds (see scripts/lib/time-skipping-server). */
export async function startTimeSkippingTemporal(): Promise<TestWorkflowEnvironment> {
  quietWorkerLogs();
  const server = process.env.TEMPORAL_TEST_SERVER ?? ensureTimeSkippingServer();
  const env = await TestWorkflowEnvironment.createTimeSkipping(
    server ? { server: { executable: { type: 'existing-path', path: server } } } : {},
  );
  // Unlike the dev server, the test server is not started with our search attributes: register them.
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}
