import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counterpartyHistoryEventId, counterpartyHistoryRecord } from '../../domain/counterparty-history';
import { EMPTY_REF, EVENT_ID_LENGTH } from '../../domain/history';

const REF = '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01';

test('a counterparty row is keyed by the counterparty, with no request', () => {
  const row = counterpartyHistoryRecord({
    counterpartyRef: REF,
    direction: 'to-bitrix',
    syncId: '0a1b2c3d-4',
    client: 'компания 42',
    changes: [{ field: 'inn', from: '7707083893', to: '7701000548' }],
    period: '2025-01-13T10:20:05',
  });
  assert.equal(row.Контрагент_Key, REF);
  assert.equal(row.Заявка_Key, EMPTY_REF);
  assert.equal(row.Направление, 'Исходящее');
  assert.equal(row.ИдСобытия, `cp:${REF}:to-bitrix:0a1b2c3d-4`);
  assert.match(row.Сообщение, /ИНН: «7707083893» → «7701000548»/);
  assert.throws(() =>
    counterpartyHistoryRecord({
      counterpartyRef: EMPTY_REF,
      direction: 'to-onec',
      syncId: 'x',
      client: 'компания 1',
      changes: [],
      period: '2025-01-13T10:20:05',
    }),
  );
});

test('event ids are deterministic and fit the dimension', () => {
  const long = counterpartyHistoryEventId(REF, 'to-onec', 'x'.repeat(80));
  assert.equal(long.length, EVENT_ID_LENGTH);
  assert.equal(long, counterpartyHistoryEventId(REF, 'to-onec', 'x'.repeat(80)));
});
