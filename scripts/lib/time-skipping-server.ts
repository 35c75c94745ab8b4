/**
 * The time-skipping test server for workflow tests whose timers matter (escalation after a day, …).
 * `@temporalio/testing` normally downloads it; where that host is unreachable we run the same server from
 * Maven Central (`io.temporal:temporal-test-server`, main class `io.temporal.testserver.TestServer`) with the
 * machine's Java. Returns the path of a launcher, or undefined to let the SDK download its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEST_SERVER_VERSION = '1.31.0';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(projectRoot, '.temporal', `test-server-${TEST_SERVER_VERSION}`);
const launcher = path.join(dir, 'temporal-test-server');
const classpathFile = path.join(dir, 'classpath.txt');

const pom = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.b24-onec-bridge</groupId>
  <artifactId>temporal-test-server-launcher</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

export function ensureTimeSkippingServer(
  log: (line: string) => void = (l) => console.error(`[temporal] ${l}`),
) {
  if (process.env.TEMPORAL_TEST_SERVER) return process.env.TEMPORAL_TEST_SERVER;
  if (existsSync(launcher)) return launcher;
  if (!has('java') || !has('mvn')) return undefined;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'pom.xml'), pom);
  log(`resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION} from Maven Central`);
  try {
    execFileSync('mvn', ['-q', '-B', 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 600_000,
    });
  } catch {
    return undefined;
  }
  const classpath = readFileSync(classpathFile, 'utf8').trim();
  writeFileSync(
    launcher,
    `#!/bin/sh\n# Temporal time-skipping test server (Java), port as first argument.\n` +
      `exec java -cp '${classpath}' io.temporal.testserver.TestServer "$@"\n`,
  );
  chmodSync(launcher, 0o755);
  return launcher;
}
