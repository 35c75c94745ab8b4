import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { requestWorkflowId } from '../../client/request-dispatcher';
import { requestStateQuery } from '../../workflows/messages';
import { waitFor } from '../support/wait-for';
import { startTestStack, type TestStack } from './stack';
import { createCompany, createRequestItem, documentsOf, odata } from './systems';

let t: TestStack;
before(async () => {
  t = await startTestStack('reliability');
});
after(async () => {
  await t?.close();
});

/** A Bitrix24 outbound event exactly as the portal posts it (form-encoded, ids only, with the auth block). */
function eventBody(event: string, itemId: number, ts: number): string {
  const form = new URLSearchParams({
    event,
    event_handler_id: '1',
    'data[FIELDS][ID]': String(itemId),
    'data[FIELDS][ENTITY_TYPE_ID]': '1038',
    ts: String(ts),
    'auth[domain]': 'sandbox.bitrix24.ru',
    'auth[client_endpoint]': `${t.stack.sandboxes.bitrix24.httpUrl}/rest/`,
    'auth[server_endpoint]': 'https://oauth.bitrix.info/rest/',
    'auth[member_id]': 'member',
    'auth[application_token]': t.stack.config.bitrix24.applicationToken ?? '',
  });
  return form.toString();
}

const newClientItem = async (title: string, companyId?: number) =>
  createRequestItem(t.stack, {
    title,
    companyId:
      companyId ?? (await createCompany(t.stack, { title: `Клиент ${title}`, phone: '+7 900 100-20-30' })),
    description: 'Проверка надёжности',
  });

/**
 * Whether some step of the request needed another attempt: an activity started more than once, or a 1C step
 * whose first, local attempt failed (workflows/activities.ts: the ordinary activity then ran it again).
 */
async function retriedSomeStep(itemId: number): Promise<boolean> {
  const history = await t.stack.client.workflow.getHandle(requestWorkflowId(1038, itemId)).fetchHistory();
  return (history.events ?? []).some(
    (e) =>
      (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1 ||
      (e.markerRecordedEventAttributes?.markerName === 'core_local_activity' &&
        e.markerRecordedEventAttributes.failure),
  );
}

describe('reliability', { timeout: 180_000 }, () => {
  test('the same event delivered three times and out of order gives one document', async () => {
    const itemId = await newClientItem('дубли');
    const receiverUrl = `${t.stack.receiver.url}/webhooks/bitrix24`;
    const post = (event: string, ts: number) =>
      fetch(receiverUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: eventBody(event, itemId, ts),
      });
    // The update overtakes the add, and the add arrives three times in all (once from the portal itself).
    const answers = await Promise.all([
      post('ONCRMDYNAMICITEMUPDATE', 2),
      post('ONCRMDYNAMICITEMADD', 1),
      post('ONCRMDYNAMICITEMADD', 1),
    ]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200],
    );
    await waitFor('document', async () => (await documentsOf(t.stack, itemId))[0]?.Posted);
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal((await documentsOf(t.stack, itemId)).length, 1);
  });

  test('ten simultaneous requests of one new client create exactly one counterparty', async () => {
    const companyId = await createCompany(t.stack, {
      title: 'ООО "Десять заявок"',
      phone: '+7 901 000-00-10',
      inn: '5001007329',
    });
    const items = await Promise.all(
      Array.from({ length: 10 }, (_, i) => newClientItem(`одновременно ${i}`, companyId)),
    );
    await waitFor(
      'ten documents',
      async () => {
        const docs = await Promise.all(items.map((id) => documentsOf(t.stack, id)));
        return docs.every((d) => d.length === 1 && d[0]?.Posted);
      },
      { timeoutMs: 90_000 },
    );
    const counterparties = await odata(t.stack, `Catalog_Контрагенты?$filter=ИНН eq '5001007329'`);
    assert.equal(counterparties.length, 1);
    const docs = (await Promise.all(items.map((id) => documentsOf(t.stack, id)))).flat();
    assert.ok(docs.every((d) => d.Контрагент_Key === counterparties[0]?.Ref_Key));
  });

  test('a 1C answer lost after the document was written still gives one document', async () => {
    t.stack.sandboxes.onec.faults.set({
      loseResponse: true,
      times: 1,
      methods: ['POST'],
      sets: ['Document_Заявка'],
    });
    try {
      const itemId = await newClientItem('потерянный ответ');
      await waitFor('document', async () => (await documentsOf(t.stack, itemId))[0]?.Posted);
      assert.equal((await documentsOf(t.stack, itemId)).length, 1);
      // Proof the fault hit: some activity needed a second attempt. The attempt is recorded when the activity
      // completes, which can be a moment after 1C shows the posted document: wait for it.
      await waitFor('a second attempt', async () => retriedSomeStep(itemId));
    } finally {
      t.stack.sandboxes.onec.faults.reset();
    }
  });

  test('with 1C down the request waits, and completes once 1C is back', async () => {
    t.stack.sandboxes.onec.faults.set({ down: true });
    let itemId: number;
    try {
      itemId = await newClientItem('1С недоступна');
      const handle = t.stack.client.workflow.getHandle(requestWorkflowId(1038, itemId));
      await waitFor('retries against the dead base', async () => {
        const { raw } = await handle.describe();
        return (raw.pendingActivities ?? []).some((a) => (a.attempt ?? 0) >= 3);
      });
      assert.equal((await handle.query(requestStateQuery)).document, null);
    } finally {
      t.stack.sandboxes.onec.faults.reset();
    }
    await waitFor('document after recovery', async () => (await documentsOf(t.stack, itemId))[0]?.Posted, {
      timeoutMs: 60_000,
    });
  });
});
