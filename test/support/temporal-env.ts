/**
 * A real Temporal dev server for tests, started through the SDK's TestWorkflowEnvironment with the CLI that
 * `scripts/lib/temporal-cli` provisioned (falls back to the SDK's own download where the internet is reachable).
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { requestSearchAttributes } from '../../workflows/search-attributes';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';

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
