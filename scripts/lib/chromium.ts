/**
 * Finds the Chromium the admin page's browser test drives (playwright-core, no bundled browser download):
 * `$CHROMIUM_PATH`, else Debian's package at /usr/bin/chromium, installed with apt-get when we are root
 * (CI containers). Returns undefined with the reason printed when none can be had.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.CHROMIUM_PATH;
  if (explicit && existsSync(explicit)) return explicit;
  return CANDIDATES.find((path) => existsSync(path));
}

export function ensureChromium(log: (line: string) => void = (l) => console.error(l)): string | undefined {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    log(
      '[chromium] not found; the admin page browser test needs it: install the "chromium" package ' +
        '(sudo apt-get install -y chromium) or set CHROMIUM_PATH',
    );
    return undefined;
  }
  log('[chromium] installing Debian package "chromium" with apt-get (once)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
  ]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (run.status !== 0) {
      log(`[chromium] apt-get ${args.join(' ')} failed (exit ${run.status})`);
      return undefined;
    }
  }
  return findChromium();
}
