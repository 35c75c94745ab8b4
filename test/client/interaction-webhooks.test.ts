/**
 * The receiver's part of interactions: activity events reach the activity's workflow, and 1C's
 * `interaction.recorded` reaches the item's timeline only for people's rows of linked documents.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { OneCInteraction } from '../../activities/contract';
import { handleBitrixEvent } from '../../client/bitrix-webhook';
import type { InteractionSignals } from '../../client/interaction-dispatcher';
import { handleOneCNotification } from '../../client/onec-webhook';
import type { RequestSignals } from '../../client/request-dispatcher';
import { signOneCNotification } from '../../domain/onec-signature';
import type { BitrixActivityChanged } from '../../workflows/interaction-messages';
import { SAMPLE_NOTIFICATION } from '../domain/fixtures';

const TOKEN = 'app-token';
const SECRET = 'onec-secret';

const requests: RequestSignals = {
  bitrixItemChanged: async () => assert.fail('not an item event'),
  onecStatusChanged: async () => assert.fail('not a status change'),
  onecDocumentPosted: async () => assert.fail('not a posted document'),
};

class Recorded implements InteractionSignals {
  activities: Array<[number, BitrixActivityChanged]> = [];
  rows: OneCInteraction[] = [];
  async bitrixActivityChanged(activityId: number, change: BitrixActivityChanged): Promise<string> {
    this.activities.push([activityId, change]);
    return `interaction-b24-activity-${activityId}`;
  }
  async onecInteractionRecorded(found: OneCInteraction): Promise<string> {
    this.rows.push(found);
    return 'interaction-onec-x';
  }
}

let signals: Recorded;
beforeEach(() => {
  signals = new Recorded();
});

const activityEvent = (event: string) =>
  new URLSearchParams({
    event,
    event_handler_id: '7',
    'data[FIELDS][ID]': '55',
    ts: '1716543210',
    'auth[domain]': 'portal.bitrix24.ru',
    'auth[client_endpoint]': 'https://portal.bitrix24.ru/rest/',
    'auth[server_endpoint]': 'https://oauth.bitrix.info/rest/',
    'auth[member_id]': 'abc',
    'auth[application_token]': TOKEN,
  }).toString();

describe('Bitrix24 activity events', () => {
  it('ONCRMACTIVITYADD/UPDATE go to the activity workflow with the id', async () => {
    const add = await handleBitrixEvent(activityEvent('ONCRMACTIVITYADD'), TOKEN, 1038, requests, signals);
    const update = await handleBitrixEvent(
      activityEvent('onCrmActivityUpdate'),
      TOKEN,
      1038,
      requests,
      signals,
    );
    assert.deepEqual([add.status, update.status], [200, 200]);
    assert.deepEqual(signals.activities, [
      [55, { event: 'add', ts: 1716543210 }],
      [55, { event: 'update', ts: 1716543210 }],
    ]);
  });

  it('are acknowledged and ignored when interactions from Bitrix24 are off, refused with a bad token', async () => {
    const off = await handleBitrixEvent(activityEvent('ONCRMACTIVITYADD'), TOKEN, 1038, requests);
    assert.equal(off.status, 200);
    assert.match(String(off.body.ignored), /switched off/);
    const forged = await handleBitrixEvent(
      activityEvent('ONCRMACTIVITYADD'),
      'other',
      1038,
      requests,
      signals,
    );
    assert.equal(forged.status, 401);
    assert.deepEqual(signals.activities, []);
  });
});

describe('1C interaction.recorded', () => {
  const { status: _s, previousStatus: _p, ...envelope } = SAMPLE_NOTIFICATION;
  const note = (overrides: Record<string, unknown> = {}, record: Record<string, unknown> = {}) => ({
    ...envelope,
    event: 'interaction.recorded',
    record: {
      Period: '2026-11-30T14:05:00',
      Заявка_Key: SAMPLE_NOTIFICATION.zayavka.Ref_Key,
      Контрагент_Key: '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01',
      ИдСобытия: 'звонок-1',
      ТипВзаимодействия: 'Звонок',
      Направление: 'Входящее',
      Статус: 'Успешно',
      Сообщение: 'Клиент просит ускорить',
      Ответственный: 'Петров Сергей',
      ...record,
    },
    ...overrides,
  });
  const send = (body: object, switchedOff = false) => {
    const raw = JSON.stringify(body);
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const headers = {
      'x-onec-timestamp': timestamp,
      'x-onec-signature': signOneCNotification(SECRET, timestamp, raw),
    };
    return handleOneCNotification(
      Buffer.from(raw),
      headers,
      SECRET,
      requests,
      true,
      switchedOff ? undefined : signals,
    );
  };

  it('a person’s row of a linked document goes to the item with the document number', async () => {
    const answer = await send(note());
    assert.equal(answer.status, 200);
    assert.equal(signals.rows.length, 1);
    assert.equal(signals.rows[0]?.itemId, 187);
    assert.equal(signals.rows[0]?.documentNumber, '000000015');
    assert.equal(signals.rows[0]?.record.ИдСобытия, 'звонок-1');
  });

  it('ours, the exchange log, unlinked documents and a switched-off direction are acknowledged with 202', async () => {
    const answers = await Promise.all([
      send(note({ initiator: 'integration' })),
      send(note({}, { ИдСобытия: 'b24:1038:187:activity:5' })),
      send(note({}, { ТипВзаимодействия: 'ОбменДанными' })),
      send(note({ zayavka: { ...SAMPLE_NOTIFICATION.zayavka, ИдЭлементаБитрикс24: '' } })),
      send(note(), true),
    ]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [202, 202, 202, 202, 202],
    );
    assert.deepEqual(signals.rows, []);
  });

  it('a malformed row is 400', async () => {
    const answer = await send(note({}, { Направление: 'Вбок' }));
    assert.equal(answer.status, 400);
  });
});
