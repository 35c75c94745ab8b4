/**
 * The module's processes as an administrator runs them — `npm run worker`, `npm run receiver` and the
 * Temporal dev server — as child processes, so a scenario can SIGKILL and restart them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Connection } from '@temporalio/client';

export class ManagedProcess {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    /** Resolves once the process is ready to serve. */
    private readonly ready: (output: () => string) => Promise<void>,
  ) {}

  async start(): Promise<void> {
    this.output = '';
    const child = spawn(this.command, this.args, {
      cwd: process.cwd(),
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await this.ready(() => {
      if (child.exitCode !== null) throw new Error(`${this.name} exited: ${this.output.slice(-2000)}`);
      return this.output;
    });
  }

  /**
   * SIGKILL: no shutdown hooks, no drained tasks — a crash as the operating system sees it. A process that
   * has not exited 15 s after a gentler signal is SIGKILLed, so a stuck shutdown never hangs the run.
   */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    if (signal === 'SIGKILL') return void (await exited);
    const timer = setTimeout(() => {
      console.error(`[chaos] ${this.name} still running 15 s after ${signal}: SIGKILL`);
      child.kill('SIGKILL');
    }, 15_000);
    await exited.finally(() => clearTimeout(timer));
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  lastOutput(): string {
    return this.output;
  }
}

export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Ready when a line matching `pattern` was printed. */
export const printed =
  (pattern: RegExp, timeoutMs = 120_000) =>
  (output: () => string) =>
    until(`output ${pattern}`, () => pattern.test(output()), timeoutMs);

/** Ready when the Temporal frontend accepts a connection. */
export const temporalAnswers =
  (address: string, timeoutMs = 60_000) =>
  (output: () => string) =>
    until(
      `Temporal at ${address}`,
      async () => {
        output();
        const connection = await Connection.connect({ address, connectTimeout: 1_000 });
        await connection.close();
        return true;
      },
      timeoutMs,
    );
