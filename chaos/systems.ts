/** What managers do in Bitrix24 and what the scenario reads back from both systems. */
import type { Sandboxes } from '../sandbox/start';

/**
 * A manager's action in the portal's web interface (the sandbox's `/__sandbox/ui/`): the same method and
 * events as over REST, but it spends none of the portal's REST budget — which stays the module's, so every
 * refused call the portal counts is one of the module's (or of the "other application" of one scenario).
 */
export async function b24<T = unknown>(s: Sandboxes, method: string, params: object): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(`${s.bitrix24.httpUrl}/__sandbox/ui/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(params),
      });
    } catch (err) {
      // A busy machine may drop a connection; every call here is safe to repeat.
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    const body = (await response.json()) as { result?: T; error?: string; error_description?: string };
    if (!response.ok || body.error !== undefined)
      throw new Error(`${method}: ${body.error} ${body.error_description}`);
    return body.result as T;
  }
}

export async function odata<T>(s: Sandboxes, pathAndQuery: string): Promise<T[]> {
  const separator = pathAndQuery.includes('?') ? '&' : '?';
  const url = `${s.onec.odataUrl}${pathAndQuery}${separator}$format=application/json;odata=nometadata`;
  const auth = `Basic ${Buffer.from(`${s.onec.user}:${s.onec.password}`).toString('base64')}`;
  const response = await fetch(encodeURI(url), { headers: { Authorization: auth } });
  if (!response.ok) throw new Error(`GET ${pathAndQuery}: ${response.status}`);
  return ((await response.json()) as { value: T[] }).value;
}

export async function createCompany(s: Sandboxes, title: string, inn?: string): Promise<number> {
  const id = Number(
    await b24(s, 'crm.company.add', {
      fields: {
        TITLE: title,
        COMPANY_TYPE: 'CUSTOMER',
        PHONE: [{ VALUE: '+7 900 000-00-00', VALUE_TYPE: 'WORK' }],
      },
    }),
  );
  if (inn) {
    await b24(s, 'crm.requisite.add', {
      fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: id, PRESET_ID: 1, NAME: title, RQ_INN: inn },
    });
  }
  return id;
}

export async function createItem(
  s: Sandboxes,
  fields: { title: string; companyId: number; description?: string },
): Promise<number> {
  const result = await b24<{ item: { id: number } }>(s, 'crm.item.add', {
    entityTypeId: 1038,
    fields: {
      title: fields.title,
      categoryId: 10,
      assignedById: 2,
      companyId: fields.companyId,
      ufCrm5Description: fields.description ?? 'Проверка на отказ',
      ufCrm5RequestType: 103,
    },
  });
  return result.item.id;
}

/** Runs `task` over `inputs` with at most `limit` at a time, results in input order. */
export async function mapLimited<I, O>(
  inputs: I[],
  limit: number,
  task: (input: I) => Promise<O>,
): Promise<O[]> {
  const results: O[] = new Array(inputs.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, inputs.length) }, async () => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await task(inputs[index] as I);
    }
  });
  await Promise.all(lanes);
  return results;
}
