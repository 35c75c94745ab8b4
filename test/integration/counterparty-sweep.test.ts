/**
 * Counterparties without the 1C extension: the sandbox sends no notifications at all, so a changed INN, KPP
 * or legal address in 1C reaches the Bitrix24 requisite only through the counterparty sweep of a scheduled
 * reconciliation. Runs are triggered on demand as `npm run reconcile` does; every wait is on an observable
 * result with a bounded timeout.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reconcileNow } from '../../client/reconciliation-schedule';
import { waitFor } from '../support/wait-for';
import { b24, odata, odataPatch } from './systems';
import { startTestStack, type TestStack } from './stack';

const RUN_TIMEOUT_MS = 60_000;

let t: TestStack;
before(async () => {
  t = await startTestStack('counterparty-sweep', {
    tweak: (config) => {
      config.counterpartySync = { debounce: '200ms' };
      // The schedule itself is kept out of the way (1 h); the tests trigger it.
      config.reconciliation = { enabled: true, interval: '1h', lookback: '1d', grace: '0s' };
    },
  });
  // The extension is not installed: 1C tells nobody about its writes.
  t.stack.sandboxes.onec.setNotifyTarget(undefined);
});
after(async () => {
  await t?.close();
});

const reconcile = async () =>
  (await reconcileNow(t.stack.client, t.stack.config, { timeoutMs: RUN_TIMEOUT_MS })).report;

function onecAuth(): string {
  const { user, password } = t.stack.sandboxes.onec;
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

async function createCounterpartyInOneC(fields: Record<string, string>): Promise<string> {
  const response = await fetch(
    encodeURI(`${t.stack.sandboxes.onec.odataUrl}Catalog_Контрагенты?$format=json`),
    {
      method: 'POST',
      headers: { Authorization: onecAuth(), 'Content-Type': 'application/json' },
      body: JSON.stringify(fields),
    },
  );
  assert.equal(response.status, 201, await response.clone().text());
  return String(((await response.json()) as { Ref_Key: string }).Ref_Key);
}

type Row = Record<string, string>;
const requisitesOf = (companyId: number) =>
  b24<Row[]>(t.stack, 'crm.requisite.list', { filter: { ENTITY_TYPE_ID: 4, ENTITY_ID: companyId } });
const legalAddressesOf = (requisiteId: string) =>
  b24<Row[]>(t.stack, 'crm.address.list', {
    filter: { TYPE_ID: 6, ENTITY_TYPE_ID: 8, ENTITY_ID: requisiteId },
  });
const historyOf = (ref: string) =>
  odata<{ Направление: string; Сообщение: string; ИдСобытия: string }>(
    t.stack,
    `InformationRegister_ИсторияВзаимодействий?$filter=Контрагент_Key eq guid'${ref}'`,
  );
/** Rows «to Bitrix24» (the counterparty's data sent out). */
const toBitrixRows = async (ref: string) =>
  (await historyOf(ref)).filter((r) => r.Направление === 'Исходящее');

describe('counterparty sweep of reconciliation (no 1C extension)', { timeout: 240_000 }, () => {
  let companyId = 0;
  let ref = '';

  test('the first run takes the baseline of every linked counterparty and wakes none', async () => {
    companyId = Number(
      await b24(t.stack, 'crm.company.add', {
        fields: { TITLE: 'ООО "Сверка"', COMPANY_TYPE: 'CUSTOMER' },
      }),
    );
    await b24(t.stack, 'crm.requisite.add', {
      fields: {
        ENTITY_TYPE_ID: 4,
        ENTITY_ID: companyId,
        PRESET_ID: 1,
        NAME: 'ООО "Сверка"',
        RQ_INN: '7701000548',
        RQ_KPP: '770101001',
      },
    });
    ref = await createCounterpartyInOneC({
      Description: 'ООО "Сверка"',
      ИдКомпанииБитрикс24: String(companyId),
      ИНН: '7701000548',
      КПП: '770101001',
    });
    const report = await reconcile();
    assert.ok(report.counterparties, 'the sweep ran');
    assert.ok(report.counterparties.read >= 1);
    assert.equal(report.counterparties.signalled, 0);
    assert.ok(report.counterparties.digests[String(companyId)], 'the digest is kept for the next run');
  });

  test('INN, KPP and legal address changed in 1C reach the requisite within one run, one history row', async () => {
    const address = '101000, г. Москва, ул. Сверочная, д. 5';
    await odataPatch(t.stack, `Catalog_Контрагенты(guid'${ref}')`, {
      ИНН: '7701001781',
      КПП: '770143001',
      ЮридическийАдрес: address,
    });
    const report = await reconcile();
    assert.equal(report.counterparties?.signalled, 1, 'exactly the changed counterparty is handed over');

    const requisite = await waitFor(
      'requisite with the new INN, KPP and legal address',
      async () => {
        const [r] = await requisitesOf(companyId);
        if (r?.RQ_INN !== '7701001781' || r.RQ_KPP !== '770143001') return undefined;
        const addresses = await legalAddressesOf(r.ID!);
        return addresses.some((a) => a.ADDRESS_1 === address) ? r : undefined;
      },
      { timeoutMs: 30_000 },
    );
    assert.equal((await requisitesOf(companyId)).length, 1, 'never a second requisite');
    assert.equal((await legalAddressesOf(requisite.ID!)).length, 1, 'never a second legal address');

    const rows = await waitFor('the history row of the correction', async () => {
      const found = await toBitrixRows(ref);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(rows.length, 1, 'one history row per correction');
    assert.ok(rows[0]!.Сообщение.includes('7701001781') && rows[0]!.Сообщение.includes('770143001'));
  });

  test('a run with nothing changed in 1C wakes nobody and writes no row', async () => {
    const report = await reconcile();
    assert.equal(report.counterparties?.signalled, 0);
    assert.equal((await toBitrixRows(ref)).length, 1);
  });

  test('a 12-digit INN (individual entrepreneur) moves the requisite and clears its KPP', async () => {
    await odataPatch(t.stack, `Catalog_Контрагенты(guid'${ref}')`, { ИНН: '770100183714', КПП: '' });
    const report = await reconcile();
    assert.equal(report.counterparties?.signalled, 1);
    const requisite = await waitFor(
      'sole-proprietor requisite without KPP',
      async () => (await requisitesOf(companyId)).find((r) => r.RQ_INN === '770100183714'),
      { timeoutMs: 30_000 },
    );
    assert.equal(requisite.PRESET_ID, '2', 'preset «ИП»');
    assert.equal(requisite.RQ_KPP ?? '', '');
    assert.equal((await requisitesOf(companyId)).length, 1);
    await waitFor('second correction row', async () => (await toBitrixRows(ref)).length === 2);
  });
});
