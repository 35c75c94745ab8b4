import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientEventOf } from '../../domain/bitrix-client-event';
import { parseBitrixEventForm } from '../../domain/bitrix-event';
import { parseCounterpartyNotification } from '../../domain/onec-counterparty-notification';

const note = {
  event: 'counterparty.changed',
  eventId: '0E1D2C3B-4A59-11EF-8A3B-0050569F2E01',
  occurredAt: '2025-01-13T10:20:05',
  occurredAtUtc: '2025-01-13T07:20:05Z',
  infobase: 'zayavki',
  initiator: 'user',
  kontragent: {
    Ref_Key: '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01',
    DataVersion: 'AAAAFgAAAAA=',
    ИдКомпанииБитрикс24: '42',
  },
};

test('counterparty.changed parses (BOM tolerated, GUIDs lower-cased)', () => {
  const parsed = parseCounterpartyNotification(`\uFEFF${JSON.stringify(note)}`);
  assert.ok(parsed?.success);
  assert.equal(parsed.data.eventId, '0e1d2c3b-4a59-11ef-8a3b-0050569f2e01');
});

test('other notifications are not ours; a malformed one is refused with its problems', () => {
  assert.equal(parseCounterpartyNotification(JSON.stringify({ ...note, event: 'zayavka.posted' })), null);
  assert.equal(parseCounterpartyNotification('not json'), null);
  const bad = parseCounterpartyNotification(JSON.stringify({ ...note, kontragent: { Ref_Key: 'x' } }));
  assert.equal(bad?.success, false);
});

const form = (event: string, id: string) =>
  new URLSearchParams({
    event,
    'data[FIELDS][ID]': id,
    ts: '1736752805',
    'auth[domain]': 'portal.example',
    'auth[client_endpoint]': 'https://portal.example/rest/',
    'auth[server_endpoint]': 'https://oauth.bitrix.info/rest/',
    'auth[member_id]': 'm',
    'auth[application_token]': 't',
  }).toString();

test('company and contact events name the client; others are not client events', () => {
  const company = parseBitrixEventForm(form('ONCRMCOMPANYUPDATE', '42'));
  assert.ok(company.success);
  assert.deepEqual(clientEventOf(company.data), {
    client: { kind: 'company', id: 42 },
    event: 'update',
    ts: 1736752805,
  });
  const contact = parseBitrixEventForm(form('onCrmContactAdd', '7'));
  assert.ok(contact.success);
  assert.deepEqual(clientEventOf(contact.data)?.client, { kind: 'contact', id: 7 });
  const deleted = parseBitrixEventForm(form('ONCRMCOMPANYDELETE', '42'));
  assert.ok(deleted.success);
  assert.equal(clientEventOf(deleted.data), null);
});
