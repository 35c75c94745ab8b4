/**
 * Building a Go program from the Go module proxy into the project (`.temporal/…`): the last resort of every
 * provisioning chain (the Temporal CLI, the Temporal server and its schema tool). Returns false when Go is
 * missing or the build fails, so callers can print what to install instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Log = (line: string) => void;

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Project-local tools; survives `npm ci`, ignored by git. */
export const localToolsDir = path.join(projectRoot, '.temporal');

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/** First `name` on PATH for which `probe` answers true. */
export function onPath(name: string, probe: (binary: string) => boolean): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const binary = found.stdout.trim();
  return found.status === 0 && binary && probe(binary) ? binary : undefined;
}

/** `go install pkg@vVERSION …` with GOBIN=targetDir; one call builds several packages of one module. */
export function goInstall(packages: string[], version: string, targetDir: string, log: Log): boolean {
  if (!hasCommand('go')) return false;
  mkdirSync(targetDir, { recursive: true });
  const specs = packages.map((pkg) => `${pkg}@v${version}`);
  log(`building ${specs.join(' ')} with go install (minutes on a small machine)`);
  const result = spawnSync('go', ['install', ...specs], {
    stdio: 'inherit',
    timeout: 1_800_000,
    env: { ...process.env, GOBIN: targetDir },
  });
  return result.status === 0;
}
