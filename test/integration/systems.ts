/**
 * What a manager or a 1C user does, done over the sandboxes' public APIs (never through product code):
 * Bitrix24 REST through the inbound webhook, 1C through OData with Basic auth.
 */
import type { Sandboxes } from '../../sandbox/start';

/** Anything that carries the running sandboxes: the one-process LocalStack or the cluster's ClusterApp. */
export type Systems = { sandboxes: Sandboxes };

export async function b24<T = unknown>(stack: Systems, method: string, params: object): Promise<T> {
  const response = await fetch(`${stack.sandboxes.bitrix24.webhookUrl}${method}.json`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  });
  const body = (await response.json()) as { result?: T; error?: string; error_description?: string };
  if (!response.ok || body.error !== undefined)
    throw new Error(`${method}: ${body.error} ${body.error_description}`);
  return body.result as T;
}

function onecAuth(stack: Systems): string {
  const { user, password } = stack.sandboxes.onec;
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** GET relative to the OData root, JSON without metadata; returns `value` for collections. */
export async function odata<T = Record<string, unknown>>(stack: Systems, path: string): Promise<T[]> {
  const separator = path.includes('?') ? '&' : '?';
  const url = `${stack.sandboxes.onec.odataUrl}${path}${separator}$format=application/json;odata=nometadata`;
  const response = await fetch(encodeURI(url), { headers: { Authorization: onecAuth(stack) } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { value: T[] };
  return body.value;
}

/** PATCH as a 1C user would (no data-load flag: the extension reports it as `initiator: user`). */
export async function odataPatch(stack: Systems, path: string, body: object): Promise<void> {
  const response = await fetch(encodeURI(`${stack.sandboxes.onec.odataUrl}${path}?$format=json`), {
    method: 'PATCH',
    headers: { Authorization: onecAuth(stack), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PATCH ${path}: ${response.status} ${await response.text()}`);
}

export interface NewClient {
  title: string;
  phone?: string;
  email?: string;
  inn?: string;
}

/** A company as a manager creates it (with a requisite when an INN is given); returns its id. */
export async function createCompany(stack: Systems, client: NewClient): Promise<number> {
  const id = Number(
    await b24(stack, 'crm.company.add', {
      fields: {
        TITLE: client.title,
        COMPANY_TYPE: 'CUSTOMER',
        ...(client.phone ? { PHONE: [{ VALUE: client.phone, VALUE_TYPE: 'WORK' }] } : {}),
        ...(client.email ? { EMAIL: [{ VALUE: client.email, VALUE_TYPE: 'WORK' }] } : {}),
      },
    }),
  );
  if (client.inn) {
    await b24(stack, 'crm.requisite.add', {
      fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: id, PRESET_ID: 1, NAME: client.title, RQ_INN: client.inn },
    });
  }
  return id;
}

export async function createRequestItem(
  stack: Systems,
  fields: { title: string; companyId?: number; description?: string; requestTypeId?: number },
): Promise<number> {
  const result = await b24<{ item: { id: number } }>(stack, 'crm.item.add', {
    entityTypeId: 1038,
    fields: {
      title: fields.title,
      categoryId: 10,
      assignedById: 2,
      ...(fields.companyId ? { companyId: fields.companyId } : {}),
      ufCrm5Description: fields.description ?? '',
      ufCrm5RequestType: fields.requestTypeId ?? 103,
    },
  });
  return result.item.id;
}

export interface DocumentRow {
  Ref_Key: string;
  Number: string;
  Posted: boolean;
  Контрагент_Key: string;
  Статус_Key: string;
  ИдЭлементаБитрикс24: string;
}

export async function documentsOf(stack: Systems, itemId: number): Promise<DocumentRow[]> {
  return odata<DocumentRow>(stack, `Document_Заявка?$filter=ИдЭлементаБитрикс24 eq '${itemId}'`);
}

export const STATUS_REF = {
  Новая: 'a3c1e001-d1a0-11ef-8a3b-0050569f2e01',
  ВРаботе: 'a3c1e002-d1a0-11ef-8a3b-0050569f2e01',
  ОжидаетУточнения: 'a3c1e003-d1a0-11ef-8a3b-0050569f2e01',
  Завершена: 'a3c1e004-d1a0-11ef-8a3b-0050569f2e01',
  Отменена: 'a3c1e005-d1a0-11ef-8a3b-0050569f2e01',
} as const;

/**
 * A request as a manager creates it in the portal's web interface: it fires the same events as
 * crm.item.add, but is no REST call, so it does not spend the portal's REST limits.
 */
export async function createRequestItemInUi(
  stack: Systems,
  fields: { title: string; companyId?: number; contactId?: number },
): Promise<number> {
  const response = await fetch(`${stack.sandboxes.bitrix24.httpUrl}/__sandbox/ui/crm.item.add`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      entityTypeId: 1038,
      fields: {
        title: fields.title,
        categoryId: 10,
        assignedById: 2,
        ...(fields.companyId ? { companyId: fields.companyId } : {}),
        ...(fields.contactId ? { contactId: fields.contactId } : {}),
        ufCrm5Description: `${fields.title}: не работает`,
        ufCrm5RequestType: 103,
      },
    }),
  });
  const body = (await response.json()) as { result?: { item: { id: number } }; error?: string };
  if (!response.ok || !body.result) throw new Error(`crm.item.add in the UI: ${JSON.stringify(body)}`);
  return body.result.item.id;
}

export interface PortalStats {
  requests: number;
  methods: Record<string, number>;
  batched: Record<string, number>;
  refused: Record<string, number>;
}

/** The Bitrix24 sandbox's call counters (GET /__sandbox/stats); `reset` starts them afresh. */
export async function portalStats(stack: Systems, reset = false): Promise<PortalStats> {
  const response = await fetch(`${stack.sandboxes.bitrix24.httpUrl}/__sandbox/stats`, {
    method: reset ? 'DELETE' : 'GET',
  });
  return (await response.json()) as PortalStats;
}

/** Item ids in the order the portal sent their first update event (our link write for a new request). */
export async function firstUpdateOrder(stack: Systems): Promise<number[]> {
  const response = await fetch(`${stack.sandboxes.bitrix24.httpUrl}/__sandbox/events`);
  const { deliveries } = (await response.json()) as { deliveries: Array<{ event: string; body: string }> };
  const order: number[] = [];
  for (const delivery of deliveries) {
    if (delivery.event.toUpperCase() !== 'ONCRMDYNAMICITEMUPDATE') continue;
    const id = Number(new URLSearchParams(delivery.body).get('data[FIELDS][ID]'));
    if (!order.includes(id)) order.push(id);
  }
  return order;
}
