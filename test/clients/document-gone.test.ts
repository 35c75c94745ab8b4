/** A vanished 1C document is never a transient error: it reaches the workflow as a non-retryable failure. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { asActivityFailure } from '../../activities/failures';
import { OneCDocumentGone } from '../../activities/onec/errors';
import { DOCUMENT_GONE_FAILURE } from '../../domain/vanished-document';

describe('OneCDocumentGone', () => {
  for (const how of ['deleted', 'marked'] as const) {
    it(`${how}: non-retryable failure of type ${DOCUMENT_GONE_FAILURE} telling how`, () => {
      const failure = asActivityFailure(new OneCDocumentGone('7d2e4f60-d1c4-11ef-8a3b-0050569f2e01', how));
      assert.ok(failure instanceof ApplicationFailure);
      assert.equal(failure.type, DOCUMENT_GONE_FAILURE);
      assert.equal(failure.nonRetryable, true);
      assert.deepEqual(failure.details, [how]);
      assert.match(failure.message, how === 'deleted' ? /no longer exists/ : /marked for deletion/);
    });
  }
});
