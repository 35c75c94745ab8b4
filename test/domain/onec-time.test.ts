import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromOneCDateTime, isOneCDateTime, toOneCDateTime } from '../../domain/onec-time';

describe('toOneCDateTime', () => {
  it('renders an instant as the wall clock of the base, without zone or fraction', () => {
    assert.equal(toOneCDateTime('2025-01-13T07:20:05.999Z', 'Europe/Moscow'), '2025-01-13T10:20:05');
    assert.equal(toOneCDateTime('2024-05-24T12:33:30+03:00', 'Europe/Moscow'), '2024-05-24T12:33:30');
    assert.equal(toOneCDateTime(Date.UTC(2025, 0, 1, 0, 0, 0), 'Asia/Vladivostok'), '2025-01-01T10:00:00');
    assert.equal(toOneCDateTime('2025-01-13T21:30:00Z', 'Europe/Moscow'), '2025-01-14T00:30:00');
  });

  it('throws on something that is not an instant', () => {
    assert.throws(() => toOneCDateTime('yesterday', 'Europe/Moscow'), RangeError);
  });
});

describe('fromOneCDateTime', () => {
  it('inverts toOneCDateTime, including across daylight-saving offsets', () => {
    assert.equal(
      new Date(fromOneCDateTime('2025-01-13T10:20:05', 'Europe/Moscow')).toISOString(),
      '2025-01-13T07:20:05.000Z',
    );
    assert.equal(
      new Date(fromOneCDateTime('2025-07-13T10:20:05', 'Europe/Berlin')).toISOString(),
      '2025-07-13T08:20:05.000Z',
    );
    assert.equal(
      new Date(fromOneCDateTime('2025-01-13T10:20:05', 'Europe/Berlin')).toISOString(),
      '2025-01-13T09:20:05.000Z',
    );
  });

  it('accepts only the naive 1C form', () => {
    assert.equal(isOneCDateTime('2025-01-13T10:20:05'), true);
    assert.equal(isOneCDateTime('2025-01-13T10:20:05Z'), false);
    assert.throws(() => fromOneCDateTime('13.01.2025 10:20:05', 'Europe/Moscow'), RangeError);
  });
});
