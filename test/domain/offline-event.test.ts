import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { itemChangeKind, itemEventOfRow, offlineEventRowSchema } from '../../domain/offline-event';

const row = (data: unknown, name = 'ONCRMDYNAMICITEMUPDATE') =>
  offlineEventRowSchema.parse({
    ID: '7',
    TIMESTAMP_X: '2026-12-01T03:00:05+03:00',
    EVENT_NAME: name,
    EVENT_DATA: data,
    EVENT_ADDITIONAL: { user_id: '1' },
    MESSAGE_ID: 'a'.repeat(32),
  });

describe('offline event rows', () => {
  test('ids as numbers or decimal strings; TIMESTAMP_X becomes Unix seconds', () => {
    for (const data of [
      { FIELDS: { ID: 5, ENTITY_TYPE_ID: 1038 } },
      { FIELDS: { ID: '5', ENTITY_TYPE_ID: '1038' } },
    ]) {
      assert.deepEqual(itemEventOfRow(row(data)), {
        ok: true,
        event: {
          event: 'ONCRMDYNAMICITEMUPDATE',
          itemId: 5,
          entityTypeId: 1038,
          ts: Date.UTC(2026, 11, 1, 0, 0, 5) / 1000,
        },
      });
    }
  });

  test('a row without FIELDS.ID cannot be handed on (it is parked with event.offline.error)', () => {
    for (const data of [[], {}, { FIELDS: { ID: 'x' } }, { FIELDS: { ID: 0 } }]) {
      const reading = itemEventOfRow(row(data));
      assert.equal(reading.ok, false, JSON.stringify(data));
    }
  });

  test('only add/update/delete of our smart process are request events', () => {
    const event = (name: string, entityTypeId?: number) => ({
      event: name,
      itemId: 1,
      ts: 0,
      ...(entityTypeId ? { entityTypeId } : {}),
    });
    assert.equal(itemChangeKind(event('ONCRMDYNAMICITEMADD', 1038), 1038), 'add');
    assert.equal(itemChangeKind(event('ONCRMDYNAMICITEMUPDATE', 1038), 1038), 'update');
    assert.equal(itemChangeKind(event('ONCRMDYNAMICITEMDELETE', 1038), 1038), 'delete');
    assert.equal(itemChangeKind(event('ONCRMDYNAMICITEMADD', 1040), 1038), null);
    assert.equal(itemChangeKind(event('ONCRMCOMPANYADD'), 1038), null);
    assert.equal(
      offlineEventRowSchema.parse({ ...row({}), EVENT_NAME: 'onCrmDynamicItemAdd' }).EVENT_NAME,
      'ONCRMDYNAMICITEMADD',
    );
  });
});
