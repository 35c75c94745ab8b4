/**
 * fast_bitrix24 (PyPI), the popular Python client, as the export benchmark's yardstick. Installed on first use
 * into `.bench/python` (pip --target: nothing outside the project), run as a child process with the same
 * webhook. No Python or pip: the caller reports its row as skipped, with the reason.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pipInstallTarget } from '../../scripts/lib/pip-install';

/** The version measured for the README figures. */
export const FAST_BITRIX24_VERSION = '1.8.14';
const TARGET = path.resolve('.bench', 'python');

export type Install = { ok: true; python: string } | { ok: false; reason: string };

export function installFastBitrix24(log: (line: string) => void): Install {
  const python = ['python3', 'python'].find(
    (candidate) => spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0,
  );
  if (!python) return { ok: false, reason: 'no python3 on PATH' };
  if (existsSync(path.join(TARGET, 'fast_bitrix24', '__init__.py'))) return { ok: true, python };
  if (spawnSync(python, ['-m', 'pip', '--version'], { stdio: 'ignore' }).status !== 0)
    return { ok: false, reason: `${python} has no pip` };
  mkdirSync(TARGET, { recursive: true });
  log(`installing fast_bitrix24 ${FAST_BITRIX24_VERSION} into ${path.relative(process.cwd(), TARGET)} …`);
  const pip = pipInstallTarget(python, TARGET, `fast_bitrix24==${FAST_BITRIX24_VERSION}`);
  if (pip.status !== 0)
    return {
      ok: false,
      reason: `pip install failed: ${(pip.stderr || pip.stdout).trim().split('\n').pop()}`,
    };
  return { ok: true, python };
}

/** `get_all` of the list, as its README shows; prints one JSON line with the row count and seconds. */
const SCRIPT = `
import json, sys, time
from fast_bitrix24 import Bitrix
webhook, method, select = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
b = Bitrix(webhook, verbose=False, ssl=False)
started = time.monotonic()
try:
    rows = b.get_all(method, {"select": select})
    print(json.dumps({"rows": len(rows), "seconds": time.monotonic() - started}))
except Exception as error:
    text = str(error)
    code = "OPERATION_TIME_LIMIT" if "OPERATION_TIME_LIMIT" in text else "QUERY_LIMIT_EXCEEDED" if "QUERY_LIMIT_EXCEEDED" in text else text[:120]
    print(json.dumps({"rows": 0, "seconds": time.monotonic() - started, "error": f"failed: {type(error).__name__} ({code})"}))
`;

export interface PythonExport {
  rows: number;
  seconds: number;
  error?: string;
}

export function runFastBitrix24(
  python: string,
  webhook: string,
  method: string,
  select: string[],
  timeoutMs: number,
): Promise<PythonExport> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(python, ['-c', SCRIPT, webhook, method, JSON.stringify(select)], {
      env: { ...process.env, PYTHONPATH: TARGET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as PythonExport);
      } catch {
        const why = signal
          ? `stopped after ${Math.round(timeoutMs / 1000)} s without finishing`
          : `exit ${code}`;
        resolve({
          rows: 0,
          seconds,
          error: `${why}${err.trim() ? `: ${err.trim().split('\n').pop()}` : ''}`,
        });
      }
    });
  });
}
