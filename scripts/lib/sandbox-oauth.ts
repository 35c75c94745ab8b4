/**
 * Authorises the sandbox portal's local application the documented way, as an administrator would in the
 * browser: `/oauth/authorize/` sends the (always signed-in) user back to the redirect URI with a code, and
 * the code is exchanged at the token server for the first access/refresh pair (within its 30 s).
 */
import { tokensForCode, type TokenAnswer } from '../../activities/bitrix24/oauth';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';

export interface SandboxAuthorisation {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  restUrl: string;
  tokens: TokenAnswer;
}

export async function authorizeSandboxApplication(bitrix24: Bitrix24Sandbox): Promise<SandboxAuthorisation> {
  const { clientId, clientSecret } = bitrix24.options.application;
  const state = Math.random().toString(36).slice(2);
  const consent = await fetch(
    `${bitrix24.httpUrl}/oauth/authorize/?client_id=${encodeURIComponent(clientId)}&state=${state}`,
    { redirect: 'manual' },
  );
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location)
    throw new Error(`authorising the application failed: HTTP ${consent.status} ${await consent.text()}`);
  const back = new URL(location);
  const code = back.searchParams.get('code');
  if (!code || back.searchParams.get('state') !== state)
    throw new Error(`the portal's redirect carries no code for our state: ${location}`);
  const tokenUrl = `${bitrix24.httpUrl}/oauth/token/`;
  const tokens = await tokensForCode({ clientId, clientSecret, tokenUrl }, code);
  return { clientId, clientSecret, tokenUrl, restUrl: `${bitrix24.httpUrl}/rest/`, tokens };
}
