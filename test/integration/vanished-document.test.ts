/**
 * A 1C user marks the document of an open request for deletion; the manager then moves the request on in
 * Bitrix24. The workflow must not retry forever: with the demo's policy "cancel" it writes a history row,
 * tells the manager and closes the request as cancelled — over both sandboxes, worker and receiver.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { requestWorkflowId } from '../../client/request-dispatcher';
import { requestStateQuery } from '../../workflows/messages';
import type { requestWorkflow } from '../../workflows/request-workflow';
import { waitFor } from '../support/wait-for';
import { b24, createRequestItem, documentsOf, odata, odataPatch } from './systems';
import { startTestStack, type TestStack } from './stack';

let t: TestStack;
before(async () => {
  t = await startTestStack('vanished-document');
});
after(async () => {
  await t?.close();
});

test(
  'a document marked for deletion in 1C closes the open request as cancelled',
  { timeout: 120_000 },
  async () => {
    const itemId = await createRequestItem(t.stack, {
      title: 'Заявка, документ которой удалят',
      companyId: 1,
      description: 'Не включается кассовый аппарат',
      requestTypeId: 103,
    });
    const [doc] = await waitFor('posted document', async () => {
      const docs = await documentsOf(t.stack, itemId);
      return docs[0]?.Posted ? docs : undefined;
    });
    assert.ok(doc);
    const handle = t.stack.client.workflow.getHandle<typeof requestWorkflow>(requestWorkflowId(1038, itemId));
    await waitFor(
      'status sync',
      async () => (await handle.query(requestStateQuery)).phase === 'syncing-status',
    );

    await odataPatch(t.stack, `Document_Заявка(guid'${doc.Ref_Key}')`, { DeletionMark: true });
    await b24(t.stack, 'crm.item.update', {
      entityTypeId: 1038,
      id: itemId,
      fields: { stageId: 'DT1038_10:PREPARATION' },
    });

    const outcome = await handle.result();
    assert.equal(outcome.phase, 'cancelled');
    const { item } = await b24<{ item: { stageId: string } }>(t.stack, 'crm.item.get', {
      entityTypeId: 1038,
      id: itemId,
    });
    assert.equal(item.stageId, 'DT1038_10:FAIL');

    const response = await fetch(`${t.stack.sandboxes.bitrix24.httpUrl}/__sandbox/notifications?userId=2`);
    const sent = (await response.json()) as Array<{ MESSAGE?: string; message?: string }>;
    assert.ok(
      sent.some((n) => (n.MESSAGE ?? n.message ?? '').includes(`№ ${doc.Number} помечен на удаление в 1С`)),
      'the responsible manager is told',
    );
    const history = await odata<{ Сообщение: string; Статус: string }>(
      t.stack,
      `InformationRegister_ИсторияВзаимодействий?$filter=Заявка_Key eq guid'${doc.Ref_Key}'`,
    );
    assert.ok(
      history.some((h) => h.Сообщение.includes('помечен на удаление в 1С') && h.Статус === 'Ошибка'),
      JSON.stringify(history.map((h) => h.Сообщение)),
    );
    assert.ok(history.some((h) => h.Сообщение.startsWith('Заявка закрыта как отменённая')));

    // Our own stage write raises an update event; whatever run it starts must not make a new document.
    await new Promise((r) => setTimeout(r, 1_000));
    const live = await odata(
      t.stack,
      `Document_Заявка?$filter=ИдЭлементаБитрикс24 eq '${itemId}' and DeletionMark eq false`,
    );
    assert.equal(live.length, 0);
  },
);
