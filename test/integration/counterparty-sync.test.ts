/**
 * Counterparties in step both ways, end to end through the sandboxes: a 1C user changes INN and legal
 * address (the emulated extension notifies the receiver) and the Bitrix24 company's requisite and legal
 * address follow; a manager changes the company's phone (Bitrix24 sends ONCRMCOMPANYUPDATE) and the 1C
 * counterparty follows. Repeated changes never add a second requisite, address, phone or e-mail.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../support/wait-for';
import { b24, odata, odataPatch } from './systems';
import { startTestStack, type TestStack } from './stack';

const TASK_QUEUE = 'counterparty-sync';
/** Valid INNs (checksums right): three legal entities and one sole proprietor. */
const LEGAL_INNS = ['7701000548', '7701001781', '7701002055'];
const PROPRIETOR_INN = '770100183714';

let t: TestStack;
before(async () => {
  t = await startTestStack(TASK_QUEUE, {
    tweak: (config) => {
      config.counterpartySync = { debounce: '300ms' };
    },
  });
});
after(async () => {
  await t?.close();
});

function onecAuth(): string {
  const { user, password } = t.stack.sandboxes.onec;
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A counterparty created by a 1C user (no data-load flag), linked by hand to the Bitrix24 company. */
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

interface Counterparty {
  Телефон: string;
  Email: string;
  ИНН: string;
  ЮридическийАдрес: string;
  Description: string;
}
const counterparty = async (ref: string) =>
  (await odata<Counterparty>(t.stack, `Catalog_Контрагенты?$filter=Ref_Key eq guid'${ref}'`))[0];

type Row = Record<string, string>;
const requisitesOf = (companyId: number) =>
  b24<Row[]>(t.stack, 'crm.requisite.list', { filter: { ENTITY_TYPE_ID: 4, ENTITY_ID: companyId } });
const legalAddressesOf = (requisiteId: string) =>
  b24<Row[]>(t.stack, 'crm.address.list', {
    filter: { TYPE_ID: 6, ENTITY_TYPE_ID: 8, ENTITY_ID: requisiteId },
  });
const companyOf = (id: number) =>
  b24<{ PHONE?: Row[]; EMAIL?: Row[]; TITLE: string }>(t.stack, 'crm.company.get', { id });

/** The company's one requisite with the INN and the one legal address with the line, or undefined. */
async function requisiteShows(companyId: number, inn: string, address: string) {
  const requisites = await requisitesOf(companyId);
  const match = requisites.find((r) => r.RQ_INN === inn);
  if (!match?.ID) return undefined;
  const addresses = await legalAddressesOf(match.ID);
  return addresses.some((a) => a.ADDRESS_1 === address) ? match : undefined;
}

describe('counterparty synchronisation', () => {
  let companyId = 0;
  let ref = '';

  test("a linked counterparty takes the company's contact data; INN and address go to the requisite", async () => {
    companyId = Number(
      await b24(t.stack, 'crm.company.add', {
        fields: {
          TITLE: 'ООО "Берёзка"',
          COMPANY_TYPE: 'CUSTOMER',
          PHONE: [{ VALUE: '8 (916) 000-11-22', VALUE_TYPE: 'WORK' }],
          EMAIL: [{ VALUE: 'Office@Berezka.example', VALUE_TYPE: 'WORK' }],
        },
      }),
    );
    ref = await createCounterpartyInOneC({
      Description: 'Берёзка',
      ИдКомпанииБитрикс24: String(companyId),
      ИНН: LEGAL_INNS[0]!,
      ЮридическийАдрес: '101000, г. Москва, ул. Первая, д. 1',
    });
    const synced = await waitFor('1C counterparty takes phone, e-mail and name from Bitrix24', async () => {
      const c = await counterparty(ref);
      return c?.Телефон === '+79160001122' && c.Email === 'office@berezka.example' ? c : undefined;
    });
    assert.equal(synced.Description, 'ООО "Берёзка"');
    const requisite = await waitFor('requisite with the 1C INN and legal address', () =>
      requisiteShows(companyId, LEGAL_INNS[0]!, '101000, г. Москва, ул. Первая, д. 1'),
    );
    assert.equal(requisite.PRESET_ID, '1', 'a 10-digit INN is a legal entity: preset «Организация»');
  });

  test('INN and legal address changed in 1C update the same requisite and address within seconds', async () => {
    for (const [i, inn] of LEGAL_INNS.entries()) {
      const address = `10100${i}, г. Москва, ул. Новая, д. ${i + 10}`;
      await odataPatch(t.stack, `Catalog_Контрагенты(guid'${ref}')`, { ИНН: inn, ЮридическийАдрес: address });
      await waitFor(`requisite shows INN ${inn}`, () => requisiteShows(companyId, inn, address), {
        timeoutMs: 10_000,
      });
    }
    const requisites = await requisitesOf(companyId);
    assert.equal(requisites.length, 1, 'never a second requisite');
    assert.equal((await legalAddressesOf(requisites[0]!.ID!)).length, 1, 'never a second legal address');
  });

  test('a 12-digit INN moves the requisite to the sole-proprietor preset, still one requisite', async () => {
    await odataPatch(t.stack, `Catalog_Контрагенты(guid'${ref}')`, { ИНН: PROPRIETOR_INN });
    const requisite = await waitFor('requisite with the 12-digit INN', async () =>
      (await requisitesOf(companyId)).find((r) => r.RQ_INN === PROPRIETOR_INN),
    );
    assert.equal(requisite.PRESET_ID, '2', 'preset «ИП»');
    assert.equal((await requisitesOf(companyId)).length, 1);
  });

  test('a phone changed on the Bitrix24 company reaches 1C; repeats duplicate nothing', async () => {
    for (const phone of ['+7 916 999-88-77', '8 916 555 44 33', '+7 (916) 999-88-77']) {
      const company = await companyOf(companyId);
      const [current] = company.PHONE ?? [];
      await b24(t.stack, 'crm.company.update', {
        id: companyId,
        fields: { PHONE: [{ ID: current!.ID, VALUE: phone }] },
      });
      const expected = `+7${phone.replace(/\D/g, '').slice(-10)}`;
      await waitFor(`1C phone ${expected}`, async () => (await counterparty(ref))?.Телефон === expected, {
        timeoutMs: 10_000,
      });
    }
    const company = await companyOf(companyId);
    assert.equal(company.PHONE?.length, 1, 'one phone in Bitrix24');
    assert.equal(company.EMAIL?.length, 1, 'one e-mail in Bitrix24');
    assert.equal((await counterparty(ref))?.Email, 'office@berezka.example');
  });

  test('every change is a history row of the counterparty, both directions', async () => {
    const rows = await waitFor('history rows of the counterparty', async () => {
      const found = await odata<{ Направление: string; Сообщение: string; ИдСобытия: string }>(
        t.stack,
        `InformationRegister_ИсторияВзаимодействий?$filter=Контрагент_Key eq guid'${ref}'`,
      );
      const directions = new Set(found.map((r) => r.Направление));
      return directions.has('Входящее') && directions.has('Исходящее') ? found : undefined;
    });
    assert.ok(rows.every((r) => r.ИдСобытия.startsWith(`cp:${ref}:`)));
    assert.ok(rows.some((r) => r.Сообщение.includes('ИНН') && r.Сообщение.includes(PROPRIETOR_INN)));
    assert.ok(rows.some((r) => r.Сообщение.includes('+79169998877')));
  });
});
