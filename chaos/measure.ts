/**
 * Counting the outcome of a scenario in both systems: every request should have exactly one posted 1C
 * document, every Bitrix24 client one counterparty, every step one comment and one notification.
 */
import { sentNotifications } from '../sandbox/bitrix24/methods/notify';
import type { Sandboxes } from '../sandbox/start';
import { b24, odata } from './systems';

export interface Outcome {
  requests: number;
  posted: number;
  lost: number;
  duplicateDocuments: number;
  duplicateCounterparties: number;
  /** Timeline comments and notifications that say the same thing twice. */
  duplicateComments: number;
}

interface DocumentRow {
  ИдЭлементаБитрикс24: string;
  Posted: boolean;
}
interface CounterpartyRow {
  ИНН: string;
  ИдКомпанииБитрикс24: string;
}

/** A comment's text without our marker line: a second run's duplicate carries another marker. */
const withoutMarker = (text: string) => text.replace(/\n\[b24onec:[0-9a-f]+\]$/, '');

const extras = (values: string[]) => values.length - new Set(values).size;

/** The posted 1C documents of these items (no Bitrix24 call: polling it must not spend the portal's budget). */
async function postedItems(s: Sandboxes, itemIds: number[]) {
  const items = new Set(itemIds.map(String));
  const documents = (
    await odata<DocumentRow>(s, 'Document_Заявка?$select=ИдЭлементаБитрикс24,Posted')
  ).filter((d) => items.has(d.ИдЭлементаБитрикс24.trim()));
  return {
    documents,
    posted: new Set(documents.filter((d) => d.Posted).map((d) => d.ИдЭлементаБитрикс24.trim())),
  };
}

/** How many of the requests have no posted 1C document yet: what the convergence wait polls. */
export async function stillLost(s: Sandboxes, itemIds: number[]): Promise<number> {
  return itemIds.length - (await postedItems(s, itemIds)).posted.size;
}

export async function measure(s: Sandboxes, itemIds: number[], companyIds: number[]): Promise<Outcome> {
  const { documents, posted } = await postedItems(s, itemIds);
  const companies = new Set(companyIds.map(String));
  const counterparties = (
    await odata<CounterpartyRow>(s, 'Catalog_Контрагенты?$select=ИНН,ИдКомпанииБитрикс24')
  ).filter((c) => companies.has(c.ИдКомпанииБитрикс24.trim()));
  let duplicateComments = 0;
  for (const id of itemIds) {
    const comments = await b24<Array<{ COMMENT: string }>>(s, 'crm.timeline.comment.list', {
      filter: { ENTITY_ID: id, ENTITY_TYPE: 'dynamic_1038' },
    });
    duplicateComments += extras(comments.map((c) => withoutMarker(c.COMMENT)));
  }
  const notes = sentNotifications(s.bitrix24.store).filter((n) =>
    itemIds.some((id) => n.MESSAGE.includes(`(№ ${id})`)),
  );
  duplicateComments += extras(notes.map((n) => `${n.USER_ID}|${n.MESSAGE}`));
  return {
    requests: itemIds.length,
    posted: posted.size,
    lost: itemIds.length - posted.size,
    duplicateDocuments: documents.length - new Set(documents.map((d) => d.ИдЭлементаБитрикс24.trim())).size,
    duplicateCounterparties:
      extras(counterparties.map((c) => c.ИдКомпанииБитрикс24.trim())) +
      extras(counterparties.filter((c) => c.ИНН.trim() !== '').map((c) => c.ИНН.trim())),
    duplicateComments,
  };
}
