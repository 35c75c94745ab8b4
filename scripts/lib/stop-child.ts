/** Stops a child process we started: the given signal, then SIGKILL if it is still there after 30 s. */
import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';

export async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
