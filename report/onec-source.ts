/**
 * What the report reads from 1C over OData: documents dated in the period, the statuses catalog,
 * counterparty names and the history rows from the period's start. Pages through every set.
 */
import { z } from 'zod';
import type { OneCClient, Row } from '../activities/onec/client';
import { COUNTERPARTIES } from '../activities/onec/counterparties';
import { HISTORY } from '../activities/onec/history';
import { and, eq, ge, le, odataBoolean, odataDateTime, type ODataFilter } from '../activities/onec/literals';
import { REQUESTS } from '../activities/onec/requests';
import { listStatuses } from '../activities/onec/statuses';
import { EMPTY_REF } from '../domain/history';
import type { OneCSnapshot } from '../domain/report/request-facts';

const PAGE = 500;

const documentRow = z
  .object({
    Ref_Key: z.string(),
    Number: z.string(),
    Date: z.string(),
    Контрагент_Key: z.string(),
    ТипЗаявки: z.string(),
    Статус_Key: z.string(),
    Ответственный: z.string(),
    ИдЭлементаБитрикс24: z.string(),
  })
  .transform((r) => ({
    ref: r.Ref_Key,
    number: r.Number,
    date: r.Date,
    ...(r.Контрагент_Key !== EMPTY_REF ? { counterpartyRef: r.Контрагент_Key } : {}),
    type: r.ТипЗаявки,
    statusRef: r.Статус_Key,
    responsible: r.Ответственный,
    bitrixItemId: r.ИдЭлементаБитрикс24,
  }));

const nameRow = z.object({ Ref_Key: z.string(), Description: z.string() });

const historyRow = z
  .object({ Period: z.string(), Заявка_Key: z.string(), ИдСобытия: z.string() })
  .transform((r) => ({ period: r.Period, requestRef: r.Заявка_Key, eventId: r.ИдСобытия }));

export async function readOneCSnapshot(c: OneCClient, from: Date, to: Date): Promise<OneCSnapshot> {
  const documents = await all(
    c,
    REQUESTS,
    documentRow,
    'Date asc,Number asc',
    [
      ...['Ref_Key', 'Number', 'Date', 'Контрагент_Key', 'ТипЗаявки', 'Статус_Key', 'Ответственный'],
      'ИдЭлементаБитрикс24',
    ],
    and(
      eq('DeletionMark', odataBoolean(false)),
      ge('Date', odataDateTime(from, c.timeZone)),
      le('Date', odataDateTime(to, c.timeZone)),
    ),
  );
  const statuses = (await listStatuses(c)).map((s) => ({
    ref: s.ref,
    name: s.name,
    predefinedName: s.predefinedName,
  }));
  const names = await all(c, COUNTERPARTIES, nameRow, 'Ref_Key asc', ['Ref_Key', 'Description']);
  const history = await all(
    c,
    HISTORY,
    historyRow,
    'Period asc',
    ['Period', 'Заявка_Key', 'ИдСобытия'],
    ge('Period', odataDateTime(from, c.timeZone)),
  );
  return {
    documents,
    statuses,
    counterparties: new Map(names.map((n) => [n.Ref_Key, n.Description])),
    history,
  };
}

async function all<T>(
  c: OneCClient,
  set: string,
  row: Row<T>,
  orderby: string,
  select: string[],
  filter?: ODataFilter,
): Promise<T[]> {
  const rows: T[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await c.list(set, { ...(filter ? { filter } : {}), select, orderby, top: PAGE, skip }, row);
    rows.push(...page);
    if (page.length < PAGE) return rows;
  }
}
