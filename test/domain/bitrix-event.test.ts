import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bitrixEventSchema, isRequestItemEvent, parseBitrixEventForm } from '../../domain/bitrix-event';
import { decodePhpForm } from '../../domain/php-form';

const FORM =
  'event=ONCRMDYNAMICITEMUPDATE&event_handler_id=7&data%5BFIELDS%5D%5BID%5D=187&data%5BFIELDS%5D%5BENTITY_TYPE_ID%5D=1038' +
  '&ts=1716543210&auth%5Bdomain%5D=portal.bitrix24.ru&auth%5Bclient_endpoint%5D=https%3A%2F%2Fportal.bitrix24.ru%2Frest%2F' +
  '&auth%5Bserver_endpoint%5D=https%3A%2F%2Foauth.bitrix.info%2Frest%2F&auth%5Bmember_id%5D=a223c6b3710f85df22e9377d6c4f7553' +
  '&auth%5Bapplication_token%5D=51856fefc120afa4b628cc82d3935cce';

describe('bitrix event payload', () => {
  it('parses a form-encoded item event into numbers and strings', () => {
    const parsed = parseBitrixEventForm(FORM);
    assert.ok(parsed.success);
    if (!parsed.success) return;
    assert.equal(parsed.data.event, 'ONCRMDYNAMICITEMUPDATE');
    assert.equal(parsed.data.event_handler_id, 7);
    assert.equal(parsed.data.data.FIELDS.ID, 187);
    assert.equal(parsed.data.data.FIELDS.ENTITY_TYPE_ID, 1038);
    assert.equal(parsed.data.ts, 1716543210);
    assert.equal(parsed.data.auth.application_token, '51856fefc120afa4b628cc82d3935cce');
    assert.equal(parsed.data.auth.client_endpoint, 'https://portal.bitrix24.ru/rest/');
  });

  it('keeps extra auth keys of application events and normalises the event name case', () => {
    const parsed = bitrixEventSchema.parse(
      decodePhpForm(
        FORM.replace('ONCRMDYNAMICITEMUPDATE', 'onCrmDynamicItemAdd') +
          '&auth%5Baccess_token%5D=s6p6&auth%5Bexpires_in%5D=3600',
      ),
    );
    assert.equal(parsed.event, 'ONCRMDYNAMICITEMADD');
    assert.equal(parsed.auth['access_token'], 's6p6');
  });

  it('accepts company events without ENTITY_TYPE_ID and event_handler_id', () => {
    const form = FORM.replace(
      'event=ONCRMDYNAMICITEMUPDATE&event_handler_id=7',
      'event=ONCRMCOMPANYUPDATE',
    ).replace('&data%5BFIELDS%5D%5BENTITY_TYPE_ID%5D=1038', '');
    const parsed = parseBitrixEventForm(form);
    assert.ok(parsed.success);
    if (parsed.success) assert.equal(parsed.data.data.FIELDS.ENTITY_TYPE_ID, undefined);
  });

  it('rejects payloads without the token, with non-numeric ids or a missing item id', () => {
    assert.equal(parseBitrixEventForm(FORM.replace(/&auth%5Bapplication_token%5D=[^&]*/, '')).success, false);
    assert.equal(parseBitrixEventForm(FORM.replace('ID%5D=187', 'ID%5D=abc')).success, false);
    assert.equal(parseBitrixEventForm(FORM.replace('ID%5D=187', 'ID%5D=0')).success, false);
    assert.equal(parseBitrixEventForm(FORM.replace('data%5BFIELDS%5D%5BID%5D=187&', '')).success, false);
    assert.equal(parseBitrixEventForm('').success, false);
  });
});

describe('isRequestItemEvent', () => {
  it('selects item events of our smart process only', () => {
    const event = bitrixEventSchema.parse(decodePhpForm(FORM));
    assert.equal(isRequestItemEvent(event, 1038), true);
    assert.equal(isRequestItemEvent(event, 1040), false);
    const company = { ...event, event: 'ONCRMCOMPANYUPDATE' };
    assert.equal(isRequestItemEvent(company, 1038), false);
  });
});
