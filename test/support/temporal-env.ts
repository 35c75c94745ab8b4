/**
 * A real Temporal dev server for tests, started through the SDK's TestWorkflowEnvironment with the CLI that
 * `scripts/lib/temporal-cli` provisioned (falls back to the SDK's own download where the internet is reachable).
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLogger, type Logger } from '../../observability/logger';
import { installTemporalLogging } from '../../observability/temporal-logger';
import { requestSearchAttributes } from '../../workflows/search-attributes';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { ensureTimeSkippingServer } from '../../scripts/lib/time-skipping-server';
import { registerSearchAttributes } from '../../scripts/lib/search-attributes';

let runtimeInstalled = false;

/**
 * Routes the workers' logs through the project's logger (observability/), as the product does. Tests only
 * want warnings on the console; a test that inspects the logs passes its own capturing logger first.
 * Must run before any worker exists (Temporal installs its runtime once per process).
 */
export function installTestLogging(
  logger: Logger = createLogger({ level: 'warn', format: 'pretty', destination: process.stderr }),
): void {
  if (runtimeInstalled) return;
  installTemporalLogging(logger);
  runtimeInstalled = true;
}

const quietWorkerLogs = (): void => installTestLogging();

/** The dev server's Web UI, for the tests that open it in a browser (off otherwise: it costs a port). */
export interface TestTemporalUi {
  port: number;
  /** `--ui-codec-endpoint`: the codec server the UI calls to show payloads decrypted. */
  codecEndpoint?: string;
}

export async function startTestTemporal(ui?: TestTemporalUi): Promise<TestWorkflowEnvironment> {
  quietWorkerLogs();
  const cli = process.env.TEMPORAL_CLI ?? ensureTemporalCli();
  return TestWorkflowEnvironment.createLocal({
    server: {
      ...(cli ? { executable: { type: 'existing-path' as const, path: cli } } : {}),
      searchAttributes: requestSearchAttributes,
      log: { format: 'pretty', level: 'error' },
      // The UI binds where the server does: 127.0.0.1, the same site as the codec server (its cookie).
      ...(ui
        ? {
            ip: '127.0.0.1',
            ui: true,
            uiPort: ui.port,
            ...(ui.codecEndpoint ? { extraArgs: ['--ui-codec-endpoint', ui.codecEndpoint] } : {}),
          }
        : {}),
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
