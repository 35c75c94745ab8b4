/**
 * The sandbox portal's local application, as the vendor documents OAuth: authorisation code → token pair,
 * `/rest/<method>?auth=<access_token>`, 401 `expired_token` after the token's hour, refresh at the token
 * server; and the offline event queue, which answers to the application (not to the webhook) and records
 * item events once an offline binding exists.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authorizeSandboxApplication } from '../../scripts/lib/sandbox-oauth';
import { startEventsSandbox, type EventsSandbox } from './support/events-sandbox';

let b24: EventsSandbox;

before(async () => {
  b24 = await startEventsSandbox(); // strict: event.* refused to the webhook, as on a real portal
});
after(() => b24.close());

const rest = async (method: string, params: Record<string, unknown>) => {
  const response = await fetch(`${b24.sandbox.httpUrl}/rest/${method}.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const token = (query: Record<string, string>) =>
  fetch(`${b24.sandbox.httpUrl}/oauth/token/?${new URLSearchParams(query)}`).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as Record<string, unknown>,
  }));

test('authorisation code: redirect with code/state/domain/member_id/scope/server_domain, then the documented pair', async () => {
  const app = b24.sandbox.options.application;
  const consent = await fetch(`${b24.sandbox.httpUrl}/oauth/authorize/?client_id=${app.clientId}&state=xyz`, {
    redirect: 'manual',
  });
  assert.equal(consent.status, 302);
  const back = new URL(consent.headers.get('location') ?? '');
  assert.equal(`${back.origin}${back.pathname}`, app.redirectUri);
  assert.deepEqual(
    [...back.searchParams.keys()],
    ['code', 'state', 'domain', 'member_id', 'scope', 'server_domain'],
  );
  assert.equal(back.searchParams.get('state'), 'xyz');
  assert.equal(back.searchParams.get('member_id'), b24.hub.memberId);
  const code = back.searchParams.get('code') ?? '';

  const wrongSecret = await token({
    grant_type: 'authorization_code',
    client_id: app.clientId,
    client_secret: 'nope-nope-nope',
    code,
  });
  assert.deepEqual([wrongSecret.status, wrongSecret.body.error], [401, 'invalid_client']);

  const pair = await token({
    grant_type: 'authorization_code',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    code,
  });
  assert.equal(pair.status, 200);
  assert.deepEqual(Object.keys(pair.body).sort(), [
    'access_token',
    'client_endpoint',
    'domain',
    'expires_in',
    'member_id',
    'refresh_token',
    'scope',
    'server_endpoint',
    'status',
  ]);
  assert.equal(pair.body.expires_in, 3600);
  assert.equal(pair.body.client_endpoint, `${b24.sandbox.httpUrl}/rest/`);
  assert.match(String(pair.body.access_token), /^[a-z0-9]{32}$/);

  const again = await token({
    grant_type: 'authorization_code',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    code,
  });
  assert.deepEqual([again.status, again.body.error], [400, 'invalid_grant'], 'a code is good once');
  const noGrant = await token({ client_id: app.clientId, client_secret: app.clientSecret });
  assert.deepEqual([noGrant.status, noGrant.body.error], [400, 'invalid_request']);
  const unknownApp = await fetch(`${b24.sandbox.httpUrl}/oauth/authorize/?client_id=local.x.y`, {
    redirect: 'manual',
  });
  assert.equal(unknownApp.status, 400);
});

test('REST with auth=<access_token>: works, expired_token after expiry, refresh gives a new working pair', async () => {
  const { tokens, clientId, clientSecret } = await authorizeSandboxApplication(b24.sandbox);
  const me = await rest('user.current', { auth: tokens.access_token });
  assert.equal(me.status, 200);
  assert.equal((me.body.result as { ID: string }).ID, '1', 'the administrator who authorised it');

  assert.deepEqual((await rest('user.current', {})).body.error, 'NO_AUTH_FOUND');
  const garbage = await rest('user.current', { auth: 'not-a-token' });
  assert.deepEqual([garbage.status, garbage.body.error], [401, 'invalid_token']);

  assert.ok(b24.sandbox.expireAccessTokens() >= 1);
  const expired = await rest('user.current', { auth: tokens.access_token });
  assert.deepEqual(
    [expired.status, expired.body.error, expired.body.error_description],
    [401, 'expired_token', 'The access token provided has expired'],
  );

  const renewed = await token({
    grant_type: 'refresh_token',
    client_id: clientId,
    client_secret: clientSecret,
    refresh_token: tokens.refresh_token,
  });
  assert.equal(renewed.status, 200);
  assert.notEqual(renewed.body.refresh_token, tokens.refresh_token, 'a new refresh token comes with it');
  assert.equal((await rest('user.current', { auth: renewed.body.access_token })).status, 200);
  const badRefresh = await token({
    grant_type: 'refresh_token',
    client_id: clientId,
    client_secret: clientSecret,
    refresh_token: 'unknown-refresh-token',
  });
  assert.deepEqual([badRefresh.status, badRefresh.body.error], [400, 'invalid_grant']);
});

test('offline queue through the application: bind, record item events, get with process_id, error, clear, list', async () => {
  const { tokens } = await authorizeSandboxApplication(b24.sandbox);
  const auth = tokens.access_token;
  // The webhook is refused the queue; the application is not.
  assert.equal((await b24.call('event.offline.get', {})).body.error, 'WRONG_AUTH_TYPE');
  for (const event of ['onCrmDynamicItemAdd', 'onCrmDynamicItemUpdate']) {
    const bound = await rest('event.bind', { auth, event, event_type: 'offline' });
    assert.deepEqual([bound.status, bound.body.result], [200, true]);
  }
  const twice = await rest('event.bind', { auth, event: 'onCrmDynamicItemAdd', event_type: 'offline' });
  assert.deepEqual([twice.status, twice.body.error], [400, 'ERROR_CORE']);

  const added = await b24.call('crm.item.add', {
    entityTypeId: 1038,
    fields: { title: 'Оффлайн', companyId: 1, ufCrm5Description: 'x', ufCrm5RequestType: 103 },
  });
  const itemId = (added.body.result as { item: { id: number } }).item.id;
  await b24.call('crm.item.update', { entityTypeId: 1038, id: itemId, fields: { title: 'Оффлайн 2' } });

  const taken = await rest('event.offline.get', { auth, clear: 0, limit: 1 });
  const first = taken.body.result as {
    process_id: string;
    events: Array<{ ID: string; EVENT_NAME: string; EVENT_DATA: unknown; MESSAGE_ID: string }>;
  };
  assert.match(first.process_id, /^[0-9a-f]{32}$/);
  assert.equal(first.events.length, 1, 'limit');
  assert.equal(first.events[0]?.EVENT_NAME, 'ONCRMDYNAMICITEMADD');
  assert.deepEqual(first.events[0]?.EVENT_DATA, { FIELDS: { ID: itemId, ENTITY_TYPE_ID: 1038 } });

  const reserved = await rest('event.offline.list', { auth, filter: { '!PROCESS_ID': '' } });
  assert.deepEqual(
    (reserved.body.result as Array<{ PROCESS_ID: string }>).map((r) => r.PROCESS_ID),
    [first.process_id],
    'the reserved row is visible with its process id',
  );
  const reread = await rest('event.offline.get', { auth, clear: 0, process_id: first.process_id });
  assert.deepEqual(
    (reread.body.result as typeof first).events.map((e) => e.ID),
    [first.events[0]?.ID],
  );

  const second = (await rest('event.offline.get', { auth, clear: 0 })).body.result as typeof first;
  assert.equal(second.events[0]?.EVENT_NAME, 'ONCRMDYNAMICITEMUPDATE');
  const parked = await rest('event.offline.error', {
    auth,
    process_id: second.process_id,
    message_id: [second.events[0]?.MESSAGE_ID],
  });
  assert.equal(parked.body.result, true);
  const cleared = await rest('event.offline.clear', { auth, process_id: first.process_id });
  assert.equal(cleared.body.result, true);

  const left = (await rest('event.offline.list', { auth })).body.result as Array<{
    EVENT_NAME: string;
    ERROR: string;
  }>;
  assert.deepEqual(
    left.map((r) => [r.EVENT_NAME, r.ERROR]),
    [['ONCRMDYNAMICITEMUPDATE', '1']],
  );
  const missing = await rest('event.offline.clear', { auth });
  assert.deepEqual([missing.status, missing.body.error], [400, 'ERROR_ARGUMENT']);
});
