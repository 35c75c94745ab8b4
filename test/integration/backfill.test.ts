import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startOrAttachBackfill } from '../../client/backfill';
import { startTestStack, type TestStack } from './stack';
import { b24, odata } from './systems';

interface Counterparty {
  Ref_Key: string;
  Description: string;
  ИНН: string;
  Телефон: string;
  ИдКомпанииБитрикс24: string;
}
interface HistoryRow {
  ИдСобытия: string;
  Контрагент_Key: string;
  Сообщение: string;
}

let t: TestStack;
before(async () => {
  t = await startTestStack('backfill');
});
after(async () => {
  await t?.close();
});

const counterparties = () => odata<Counterparty>(t.stack, 'Catalog_Контрагенты');
const backfillRows = async () =>
  (await odata<HistoryRow>(t.stack, 'InformationRegister_ИсторияВзаимодействий')).filter((r) =>
    r.ИдСобытия.endsWith(':backfill'),
  );

describe('npm run backfill on the demo data', { timeout: 240_000 }, () => {
  let vectorId: number;
  let vectorRef: string;

  test('a dry run reports what it would link and create, and changes nothing', async () => {
    // A counterparty entered in 1C by hand with Вектор's phone, not linked to Bitrix24 yet.
    const companies = await b24<Array<{ ID: string; TITLE: string }>>(t.stack, 'crm.company.list', {});
    vectorId = Number(companies.find((c) => c.TITLE.includes('Вектор'))?.ID);
    vectorRef = randomUUID();
    const store = t.stack.sandboxes.onec.store;
    store.put('Catalog_Контрагенты', {
      Ref_Key: vectorRef,
      DataVersion: store.nextDataVersion(),
      DeletionMark: false,
      Code: '000000077',
      Description: 'Вектор АО',
      ИНН: '',
      ЮридическийАдрес: '',
      Телефон: '+74957654321',
      Email: '',
      ТипКонтрагента: 'Поставщик',
      ИдКомпанииБитрикс24: '',
      Predefined: false,
      PredefinedDataName: '',
    });
    const before = await counterparties();

    // One page per chunk: every chunk is its own run (continue-as-new), progress carried along.
    const handle = await startOrAttachBackfill(t.stack.client, t.stack.config, {
      apply: false,
      pagesPerChunk: 1,
    });
    const { progress } = await handle.result();
    assert.equal(progress.phase, 'done');
    assert.equal(progress.total, 4);
    assert.equal(progress.processed, 4);
    assert.equal(progress.counts['would-link'], 1, JSON.stringify(progress.recent));
    assert.equal(progress.counts['would-create'], 2, 'both contacts have no counterparty');
    // «Ромашка» is found by INN, but 1C links it to another Bitrix24 id (42): left for a person.
    assert.equal(progress.counts['held-by-other'], 1);
    assert.deepEqual(
      progress.recent.map((l) => l.seq),
      [1, 2, 3, 4],
    );
    const vectorLine = progress.recent.find((l) => l.client === `company ${vectorId}`);
    assert.equal(vectorLine?.outcome, 'would-link');
    assert.match(vectorLine?.detail ?? '', /phone \+74957654321/);
    assert.deepEqual(await counterparties(), before, 'a dry run writes nothing to 1C');
    assert.deepEqual(await backfillRows(), []);
  });

  test('--apply links by the match order, creates the missing ones with history rows; again, it does nothing new', async () => {
    const handle = await startOrAttachBackfill(t.stack.client, t.stack.config, { apply: true });
    const { progress } = await handle.result();
    assert.equal(progress.counts.linked, 1);
    assert.equal(progress.counts.created, 2);
    assert.equal(progress.counts['held-by-other'], 1);

    const after = await counterparties();
    assert.equal(after.find((c) => c.Ref_Key === vectorRef)?.ИдКомпанииБитрикс24.trim(), String(vectorId));
    const contacts = await b24<Array<{ ID: string }>>(t.stack, 'crm.contact.list', {});
    for (const contact of contacts) {
      const linked = after.filter((c) => c.ИдКомпанииБитрикс24.trim() === `C${contact.ID}`);
      assert.equal(linked.length, 1, `contact ${contact.ID} has exactly one counterparty`);
    }
    assert.equal(after.find((c) => c.ИНН.trim() === '7707083893')?.ИдКомпанииБитрикс24.trim(), '42');

    const rows = await backfillRows();
    assert.deepEqual(
      rows.map((r) => r.ИдСобытия).sort(),
      [
        ...contacts.map((c) => `b24:3:${c.ID}:counterparty-created:backfill`),
        `b24:4:${vectorId}:counterparty-linked:backfill`,
      ].sort(),
    );
    const linkRow = rows.find((r) => r.ИдСобытия.startsWith('b24:4:'));
    assert.equal(linkRow?.Контрагент_Key, vectorRef);
    assert.match(linkRow?.Сообщение ?? '', /по телефону/);
    assert.ok(rows.every((r) => r.Контрагент_Key !== '00000000-0000-0000-0000-000000000000'));

    const again = await (
      await startOrAttachBackfill(t.stack.client, t.stack.config, { apply: true })
    ).result();
    assert.equal(again.progress.counts['already-linked'], 3);
    assert.equal(again.progress.counts.created + again.progress.counts.linked, 0);
    assert.equal((await counterparties()).length, after.length);
    assert.equal((await backfillRows()).length, rows.length);
  });
});
