/** Headless Chromium for the browser tests (Debian's package via `npm run browser:install`, or CHROMIUM_PATH). */
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from '../../scripts/lib/chromium';

/** This machine may have no network: everything Chromium would call home for is switched off. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(
      'Chromium not found: `npm run browser:install` (as root) or `apt-get install chromium`, or set CHROMIUM_PATH',
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
}
