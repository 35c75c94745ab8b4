/**
 * `npm run sandbox`: both local sandboxes, configured from the environment (see docs/sandboxes.md), until
 * SIGINT/SIGTERM. Prints the URLs, credentials and control endpoints, then `Sandboxes ready.`.
 */
import { describeSandboxes, startSandboxes } from './start';

const sandboxes = await startSandboxes(process.env);
console.log(describeSandboxes(sandboxes));
console.log('Sandboxes ready. Ctrl+C stops them.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the sandboxes…`);
    sandboxes.close().then(
      () => {
        console.log('Sandboxes stopped.');
        process.exit(0);
      },
      (err: unknown) => {
        console.error('Failed to stop the sandboxes cleanly:', err);
        process.exit(1);
      },
    );
  });
}
