import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { asActivityFailure } from '../../activities/failures';
import { Bitrix24Error } from '../../activities/bitrix24/errors';
import { errorFromResponse } from '../../activities/onec/errors';
import { shapeTemporalEvent } from '../../observability/temporal-logger';

const activity = {
  sdkComponent: 'worker',
  taskToken: 'Q2lRM1pXRTROMkUwWXkwM1l6QTJMVFF5TmpBdFlU',
  namespace: 'default',
  isLocal: false,
  activityType: 'loadRequest',
  attempt: 3,
  workflowId: 'request-b24-1038-7',
  durationMs: 12,
};

describe('Temporal log events', () => {
  it('an expected retry (rate limit) is one WARN line with activity, attempt and cause, no stack', () => {
    const limit = asActivityFailure(
      Bitrix24Error.fromEnvelope('crm.item.get', 503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests'),
    );
    const event = shapeTemporalEvent('WARN', 'Activity failed', { ...activity, error: limit });
    assert.equal(event.level, 'warn');
    assert.equal(
      event.message,
      'loadRequest attempt 3 failed, retrying: Bitrix24 crm.item.get failed (QUERY_LIMIT_EXCEEDED, HTTP 503): ' +
        'Too many requests; request rate limit hit; will retry',
    );
    assert.deepEqual(event.fields, {
      component: 'worker',
      activityType: 'loadRequest',
      attempt: 3,
      workflowId: 'request-b24-1038-7',
      durationMs: 12,
      errorType: 'Bitrix24Error:QUERY_LIMIT_EXCEEDED',
    });
    assert.doesNotMatch(JSON.stringify(event), /\bat \S+ \(|stack/);
  });

  it('1C down is an expected retry as well', () => {
    const down = asActivityFailure(errorFromResponse(503, '<html>503</html>', 'GET Document_Заявка'));
    const event = shapeTemporalEvent('WARN', 'Activity failed', { ...activity, error: down });
    assert.equal(event.level, 'warn');
    assert.match(event.message, /attempt 3 failed, retrying: 1C is unavailable/);
  });

  it('a failure that is not retried is one ERROR line naming the cause', () => {
    const rejected = asActivityFailure(
      Bitrix24Error.fromEnvelope('crm.item.get', 401, 'NO_AUTH_FOUND', 'Wrong authorization data'),
    );
    const event = shapeTemporalEvent('WARN', 'Activity failed', { ...activity, error: rejected });
    assert.equal(event.level, 'error');
    assert.match(
      event.message,
      /^loadRequest failed, not retried: Bitrix24 rejected the webhook credentials/,
    );
    assert.ok(!('error' in event.fields));
  });

  it('an unexpected exception (a bug) keeps its stack', () => {
    const event = shapeTemporalEvent('WARN', 'Activity failed', {
      ...activity,
      error: new TypeError('x is undefined'),
    });
    assert.equal(event.level, 'error');
    assert.match(JSON.stringify(event.fields.error), /"stack":"TypeError: x is undefined/);
  });

  it("webpack's bundle statistics go to DEBUG; other SDK events keep their level without the task token", () => {
    const stats =
      'asset workflow-bundle-1a2b.js 1.31 MiB [emitted]\nwebpack 5.99.9 compiled successfully in 1234 ms';
    assert.equal(shapeTemporalEvent('INFO', stats, { sdkComponent: 'worker' }).level, 'debug');
    // The Bitrix24 queue's worker runs no workflows, the budget's no activities: by design, not a warning.
    for (const kind of ['workflows', 'activities'])
      assert.equal(
        shapeTemporalEvent('WARN', `No ${kind} registered, not polling for ${kind} tasks`, {
          taskQueue: 'q-bitrix24',
        }).level,
        'debug',
      );
    assert.equal(shapeTemporalEvent('WARN', 'Something else', {}).level, 'warn');
    const state = shapeTemporalEvent('INFO', 'Worker state changed', { ...activity, state: 'RUNNING' });
    assert.equal(state.level, 'info');
    assert.equal(state.fields.state, 'RUNNING');
    assert.ok(!('taskToken' in state.fields));
  });

  it('a benign application failure passed as plain metadata is summarised, not dumped', () => {
    const failure = ApplicationFailure.create({ message: 'boom', type: 'X' });
    const event = shapeTemporalEvent('ERROR', 'Something broke', { error: failure });
    assert.deepEqual(Object.keys(event.fields.error as object), ['type', 'message', 'stack']);
  });
});
