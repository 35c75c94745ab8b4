/** `npm run browser:install` — Chromium for the admin page's browser test (CI runs it; see scripts/lib/chromium). */
import { ensureChromium } from './lib/chromium';

const path = ensureChromium();
if (!path) process.exit(1);
console.log(`chromium: ${path}`);
