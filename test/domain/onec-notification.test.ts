import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oneCNotificationSchema, parseOneCNotification } from '../../domain/onec-notification';
import { SAMPLE_NOTIFICATION } from './fixtures';

describe('oneCNotificationSchema', () => {
  it('accepts the reference example', () => {
    const parsed = oneCNotificationSchema.parse(SAMPLE_NOTIFICATION);
    assert.equal(parsed.event === 'zayavka.status_changed' && parsed.status.PredefinedDataName, 'ВРаботе');
    assert.equal(parsed.zayavka.ИдЭлементаБитрикс24, '187');
  });

  it('accepts a new document (previousStatus null) and lower-cases GUIDs', () => {
    const parsed = oneCNotificationSchema.parse({
      ...SAMPLE_NOTIFICATION,
      eventId: SAMPLE_NOTIFICATION.eventId.toUpperCase(),
      previousStatus: null,
    });
    assert.equal(parsed.event === 'zayavka.status_changed' && parsed.previousStatus, null);
    assert.equal(parsed.eventId, SAMPLE_NOTIFICATION.eventId);
  });

  it('accepts a posted-document notice of an unlinked document, with or without a status', () => {
    const { previousStatus: _previous, ...rest } = SAMPLE_NOTIFICATION;
    const posted = {
      ...rest,
      event: 'zayavka.posted',
      zayavka: { ...SAMPLE_NOTIFICATION.zayavka, ИдЭлементаБитрикс24: '' },
    };
    const parsed = oneCNotificationSchema.parse(posted);
    assert.equal(parsed.event, 'zayavka.posted');
    assert.equal(parsed.zayavka.ИдЭлементаБитрикс24, '');
    const withoutStatus = oneCNotificationSchema.parse({ ...posted, status: null });
    assert.equal(withoutStatus.event === 'zayavka.posted' && withoutStatus.status, null);
    // A status change must name the new status; only the posted notice may go without one.
    assert.equal(oneCNotificationSchema.safeParse({ ...SAMPLE_NOTIFICATION, status: null }).success, false);
  });

  it('rejects unknown events, bad initiators, zoned local times and missing parts', () => {
    const bad = [
      { ...SAMPLE_NOTIFICATION, event: 'zayavka.deleted' },
      { ...SAMPLE_NOTIFICATION, initiator: 'robot' },
      { ...SAMPLE_NOTIFICATION, occurredAt: '2025-01-13T10:20:05Z' },
      { ...SAMPLE_NOTIFICATION, occurredAtUtc: '2025-01-13T10:20:05' },
      { ...SAMPLE_NOTIFICATION, eventId: 'not-a-guid' },
      { ...SAMPLE_NOTIFICATION, status: undefined },
    ];
    for (const body of bad)
      assert.equal(oneCNotificationSchema.safeParse(body).success, false, JSON.stringify(body).slice(0, 60));
  });
});

describe('parseOneCNotification', () => {
  it('parses raw text, tolerating a UTF-8 BOM', () => {
    assert.equal(parseOneCNotification('\uFEFF' + JSON.stringify(SAMPLE_NOTIFICATION)).success, true);
  });

  it('fails cleanly on invalid JSON', () => {
    assert.equal(parseOneCNotification('{"event":').success, false);
  });
});
