/**
 * The write-back batch (item write + marked comment) is idempotent: a first attempt writes both in one call;
 * a retry of the same step — whose first attempt may have landed with its answer lost — adds no second comment.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Bitrix24Client } from '../../activities/bitrix24/client';
import { itemUpdateCommand } from '../../activities/bitrix24/crm';
import { batchWithCommentOnce } from '../../activities/bitrix24/idempotent-writes';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { result, startTestSandbox } from './harness';

const ENTITY_TYPE_ID = 1038;
const comments = z.array(z.object({ COMMENT: z.string().nullish() }));

describe('batched write-back with a once-only comment', () => {
  let sandbox: Bitrix24Sandbox;
  let client: Bitrix24Client;
  let itemId: number;
  before(async () => {
    sandbox = await startTestSandbox();
    client = new Bitrix24Client({ webhookUrl: sandbox.webhookUrl, timeoutMs: 5000 });
    const added = await result<{ item: { id: number } }>(sandbox, 'crm.item.add', {
      entityTypeId: ENTITY_TYPE_ID,
      fields: { title: 'Комментарий один раз', companyId: 1 },
    });
    itemId = added.item.id;
  });
  after(() => sandbox.close());

  const commentTexts = async (): Promise<string[]> =>
    (
      await client.call(
        'crm.timeline.comment.list',
        { filter: { ENTITY_ID: itemId, ENTITY_TYPE: `dynamic_${ENTITY_TYPE_ID}` } },
        comments,
      )
    ).map((c) => c.COMMENT ?? '');

  const writeBack = (marker: string, firstAttempt: boolean) =>
    batchWithCommentOnce(
      client,
      { stage: itemUpdateCommand(ENTITY_TYPE_ID, itemId, { title: 'Записано' }) },
      { entityType: `dynamic_${ENTITY_TYPE_ID}`, entityId: itemId, comment: 'Стадия изменена' },
      marker,
      firstAttempt,
    );

  test('first attempt: one call writes both; a retry of that step adds no second comment', async () => {
    const first = await writeBack('step-a', true);
    assert.ok('stage' in first.result && 'comment' in first.result, 'item write and comment in one batch');
    await writeBack('step-a', false);
    await writeBack('step-a', false);
    const texts = (await commentTexts()).filter((t) => t.includes('Стадия изменена'));
    assert.equal(texts.length, 1);
  });

  test('a retry whose first attempt never reached the portal writes the comment', async () => {
    const before = (await commentTexts()).length;
    await writeBack('step-b', false);
    assert.equal((await commentTexts()).length, before + 1);
    await writeBack('step-b', false);
    assert.equal((await commentTexts()).length, before + 1);
  });

  test('a failed item write halts the batch: no comment about it', async () => {
    const before = (await commentTexts()).length;
    const outcome = await batchWithCommentOnce(
      client,
      { stage: itemUpdateCommand(ENTITY_TYPE_ID, 999_999, { title: 'нет такого' }) },
      { entityType: `dynamic_${ENTITY_TYPE_ID}`, entityId: itemId, comment: 'не должно появиться' },
      'step-c',
      true,
    );
    assert.ok(outcome.errors.stage, 'the write failed');
    assert.equal((await commentTexts()).length, before);
  });
});
