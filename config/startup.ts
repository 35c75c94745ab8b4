/** Start-up guard: a process with a bad configuration prints every problem and exits instead of limping on. */
import { ConfigError } from './load';

export function exitOnConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error('Cannot start: the configuration is incomplete or invalid.');
    for (const problem of err.problems) console.error(`  - ${problem}`);
    process.exit(2);
  }
}
