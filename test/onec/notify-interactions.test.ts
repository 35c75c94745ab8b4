/**
 * The emulated extension on «ИсторияВзаимодействий»: a row a person adds for a document is reported as
 * `interaction.recorded` (signed like status notifications); rows written in data-load mode (ours) and rows
 * without a document are not.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oneCNotificationSchema } from '../../domain/onec-notification';
import { signOneCNotification } from '../../domain/onec-signature';
import { createRequest, startClient, type TestClient } from './helpers';
import { startReceiver, type Receiver } from './receiver';

const SECRET = 'test-secret';
const HISTORY = 'InformationRegister_ИсторияВзаимодействий';
const CP = '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01';
const EMPTY = '00000000-0000-0000-0000-000000000000';

describe('1C sandbox: interaction notifications', () => {
  let c: TestClient;
  let r: Receiver;
  before(async () => {
    r = await startReceiver();
    c = await startClient({ notifyUrl: r.url, notifySecret: SECRET, notifyTimeoutMs: 500 });
  });
  after(async () => {
    await c.sb.close();
    await r.close();
  });
  beforeEach(() => {
    r.received.length = 0;
  });

  const row = (documentRef: string, id: string) => ({
    Period: '2026-11-30T14:05:00',
    Заявка_Key: documentRef,
    Контрагент_Key: CP,
    ИдСобытия: id,
    ТипВзаимодействия: 'Звонок',
    Направление: 'Входящее',
    Статус: 'Успешно',
    Сообщение: 'Клиент просит ускорить',
    Ответственный: 'Петров Сергей',
  });

  it('a row added by a user for a document → interaction.recorded with the row and the document', async () => {
    const doc = await createRequest(c, { ИдЭлементаБитрикс24: '187' });
    await c.sb.notifications.idle();
    r.received.length = 0;
    const res = await c.call('POST', `${HISTORY}?$format=json`, {
      body: row(String(doc.Ref_Key), 'звонок-1'),
    });
    assert.equal(res.status, 201);
    await c.sb.notifications.idle();
    assert.equal(r.received.length, 1);
    const { headers, body } = r.received[0]!;
    assert.equal(
      headers['x-onec-signature'],
      signOneCNotification(SECRET, String(headers['x-onec-timestamp']), body),
    );
    const note = oneCNotificationSchema.parse(JSON.parse(body));
    assert.equal(note.event, 'interaction.recorded');
    assert.equal(note.initiator, 'user');
    assert.equal(note.zayavka.ИдЭлементаБитрикс24, '187');
    assert.deepEqual(
      note.event === 'interaction.recorded' && note.record,
      row(String(doc.Ref_Key), 'звонок-1'),
    );
  });

  it('rows written in data-load mode (the integration) and rows without a document are not reported', async () => {
    const doc = await createRequest(c, { ИдЭлементаБитрикс24: '188' });
    await c.sb.notifications.idle();
    r.received.length = 0;
    const ours = await c.call('POST', `${HISTORY}?$format=json`, {
      body: row(String(doc.Ref_Key), 'b24:1038:188:activity:5'),
      headers: { '1C_OData-DataLoadMode': 'true' },
    });
    assert.equal(ours.status, 201);
    const orphan = await c.call('POST', `${HISTORY}?$format=json`, { body: row(EMPTY, 'звонок-2') });
    assert.equal(orphan.status, 201);
    await c.sb.notifications.idle();
    assert.equal(r.received.length, 0);
  });
});
