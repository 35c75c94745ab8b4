/**
 * `npm run bitrix24:authorize` — the first authorisation of the local application that reads the offline
 * event queue (bitrix24.oauth). Without arguments it prints the address an administrator opens in the
 * browser; the portal then redirects to the application's redirect URI with `code=…` in the address bar.
 * `npm run bitrix24:authorize -- --code <code>` (within 30 s) exchanges it at the token server and prints the
 * refresh token to put into B24_REFRESH_TOKEN (or bitrix24.oauth.refreshToken).
 */
import { parseArgs } from 'node:util';
import { tokensForCode } from '../activities/bitrix24/oauth';
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';

const { values } = parseArgs({ options: { code: { type: 'string' } } });
const config = exitOnConfigError(() => loadConfig());
const oauth = config.bitrix24.oauth;
if (!oauth) {
  console.error('bitrix24.oauth is not configured (clientId, clientSecret of the local application)');
  process.exit(2);
}
const portal = new URL(config.bitrix24.portalUrl ?? config.bitrix24.webhookUrl).origin;
if (!values.code) {
  console.log(
    `Open as a portal administrator:\n  ${portal}/oauth/authorize/?client_id=${encodeURIComponent(oauth.clientId)}`,
  );
  console.log('then run, within 30 s, with the code from the address you are sent to:');
  console.log('  npm run bitrix24:authorize -- --code <code>');
} else {
  const answer = await tokensForCode(oauth, values.code);
  console.log(`authorised (member_id ${answer.member_id ?? '?'}, scope ${answer.scope ?? '?'})`);
  console.log(`B24_REFRESH_TOKEN=${answer.refresh_token}`);
  console.log(
    'Set it (or bitrix24.oauth.refreshToken) and restart the worker; the reader keeps the newer tokens itself.',
  );
}
