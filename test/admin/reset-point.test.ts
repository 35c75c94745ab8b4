import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Long from 'long';
import type { temporal } from '@temporalio/proto';
import { innermostMessage, resetPoint, runFailure } from '../../admin/reset-point';

type Event = temporal.api.history.v1.IHistoryEvent;
const id = (n: number) => Long.fromNumber(n);

/** Started, WFT 2-4, activity A scheduled by WFT 4 and completed, WFT 7-9, activity B scheduled by 9 fails, WFT, failed. */
const history: Event[] = [
  { eventId: id(1), workflowExecutionStartedEventAttributes: {} },
  { eventId: id(2), workflowTaskScheduledEventAttributes: {} },
  { eventId: id(3), workflowTaskStartedEventAttributes: {} },
  { eventId: id(4), workflowTaskCompletedEventAttributes: {} },
  { eventId: id(5), activityTaskScheduledEventAttributes: { workflowTaskCompletedEventId: id(4) } },
  { eventId: id(6), activityTaskCompletedEventAttributes: { scheduledEventId: id(5) } },
  { eventId: id(7), workflowTaskScheduledEventAttributes: {} },
  { eventId: id(8), workflowTaskStartedEventAttributes: {} },
  { eventId: id(9), workflowTaskCompletedEventAttributes: {} },
  { eventId: id(10), activityTaskScheduledEventAttributes: { workflowTaskCompletedEventId: id(9) } },
  { eventId: id(11), activityTaskFailedEventAttributes: { scheduledEventId: id(10) } },
  { eventId: id(12), workflowTaskScheduledEventAttributes: {} },
  { eventId: id(13), workflowTaskStartedEventAttributes: {} },
  { eventId: id(14), workflowTaskCompletedEventAttributes: {} },
  {
    eventId: id(15),
    workflowExecutionFailedEventAttributes: {
      failure: { message: 'Activity task failed', cause: { message: '1C: не заполнен реквизит' } },
    },
  },
];

describe('reset point of a failed run', () => {
  test('the workflow task that scheduled the failed activity, so the activity runs again', () => {
    assert.equal(resetPoint(history), 9);
  });

  test('a timed-out activity counts as failed', () => {
    const timedOut = history.map((e) =>
      Number(e.eventId) === 11
        ? { eventId: id(11), activityTaskTimedOutEventAttributes: { scheduledEventId: id(10) } }
        : e,
    );
    assert.equal(resetPoint(timedOut), 9);
  });

  test('no failed activity (the workflow code failed): the first workflow task', () => {
    assert.equal(resetPoint(history.filter((e) => Number(e.eventId) !== 11)), 4);
    assert.equal(resetPoint([{ eventId: id(1), workflowExecutionStartedEventAttributes: {} }]), undefined);
  });

  test('the innermost failure message names the cause', () => {
    assert.equal(runFailure(history), '1C: не заполнен реквизит');
    assert.equal(innermostMessage({ message: 'only' }), 'only');
    assert.equal(runFailure(history.slice(0, 3)), undefined);
  });
});
