import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKGROUND_TURN, turnOfWorkflow } from '../../activities/turns';
import { backfillWorkflowId } from '../../client/backfill';
import {
  bitrixActivityWorkflowId,
  clientSyncWorkflowId,
  offlineEventsWorkflowId,
  requestWorkflowId,
} from '../../workflows/workflow-ids';

test('a request waits its turn by item id; what requests wait for goes first; background work last', () => {
  assert.equal(turnOfWorkflow(requestWorkflowId(1038, 187)), 187);
  // The counterparty a request needs, reconciliation and the offline reader: requests wait for them.
  assert.equal(turnOfWorkflow('counterparty-b24-company-12'), 0);
  assert.equal(turnOfWorkflow('reconcile-b24-1038-2026-12-01T04:20:00Z'), 0);
  assert.equal(turnOfWorkflow(offlineEventsWorkflowId(1038)), 0);
  // Keeping a linked client in step, interactions and the back-fill: nobody waits for them.
  for (const id of [
    clientSyncWorkflowId('company-12'),
    bitrixActivityWorkflowId(55),
    backfillWorkflowId(true),
  ]) {
    assert.equal(turnOfWorkflow(id), BACKGROUND_TURN, id);
    assert.ok(turnOfWorkflow(id) > turnOfWorkflow(requestWorkflowId(1038, 10_000_000)));
  }
});
