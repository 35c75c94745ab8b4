/**
 * What the benchmark does and observes, through the sandboxes' public interfaces: requests created as a
 * manager does in the portal's web interface (no REST call, so the REST budget stays the worker's), 1C
 * status changes over OData, and the portal's call counters.
 */
import type { BenchSystems } from './stack';

export type Client = { companyId: number } | { contactId: number };

async function ui<T>(stack: BenchSystems, method: string, params: object): Promise<T> {
  const response = await fetch(`${stack.sandboxes.bitrix24.httpUrl}/__sandbox/ui/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  });
  const body = (await response.json()) as { result?: T; error?: string };
  if (!response.ok || body.result === undefined) throw new Error(`${method}: ${JSON.stringify(body)}`);
  return body.result;
}

export async function createRequest(stack: BenchSystems, title: string, client: Client): Promise<number> {
  const { item } = await ui<{ item: { id: number } }>(stack, 'crm.item.add', {
    entityTypeId: 1038,
    fields: {
      title,
      categoryId: 10,
      assignedById: 2,
      ...client,
      ufCrm5Description: `${title}: не включается кассовый аппарат`,
      ufCrm5RequestType: 103,
    },
  });
  return item.id;
}

export async function readStage(stack: BenchSystems, id: number): Promise<string> {
  return (await ui<{ item: { stageId: string } }>(stack, 'crm.item.get', { entityTypeId: 1038, id })).item
    .stageId;
}

/**
 * When each item was updated (performance.now()), from the portal's own change feed — the source of its
 * outbound events. Nothing but the worker updates items here: the 1st update is the 1C link written back,
 * the 2nd a mirrored stage.
 */
export class ItemUpdates {
  private readonly times = new Map<number, number[]>();
  private readonly waiters: Array<() => void> = [];

  constructor(stack: BenchSystems) {
    stack.sandboxes.bitrix24.store.events.on(
      'event',
      (e: { event: string; data: Record<string, unknown> }) => {
        if (e.event !== 'ONCRMDYNAMICITEMUPDATE') return;
        const id = Number((e.data.FIELDS as { ID?: unknown } | undefined)?.ID);
        this.times.set(id, [...(this.times.get(id) ?? []), performance.now()]);
        for (const wake of this.waiters.splice(0)) wake();
      },
    );
  }

  /** Resolves with the time of the item's `nth` update (1-based). */
  async nth(id: number, nth: number, timeoutMs = 600_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.times.get(id)?.[nth - 1];
      if (at !== undefined) return at;
      if (Date.now() > deadline) throw new Error(`item ${id}: no update #${nth} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 1_000);
      });
    }
  }

  /** Item ids in the order of their first update. */
  firstUpdateOrder(): number[] {
    return [...this.times.entries()].sort((a, b) => a[1][0]! - b[1][0]!).map(([id]) => id);
  }
}

/** The posted 1C document of an item, read from the 1C sandbox's store (no HTTP: polled every few ms). */
export function postedDocument(stack: BenchSystems, itemId: number): { ref: string } | undefined {
  const row = stack.sandboxes.onec.store
    .all('Document_Заявка')
    .find((r) => r.ИдЭлементаБитрикс24 === String(itemId) && r.Posted === true);
  return row ? { ref: String(row.Ref_Key) } : undefined;
}

const IN_WORK = 'a3c1e002-d1a0-11ef-8a3b-0050569f2e01';

/** A 1C user takes the request into work (PATCH over OData, as the 1C client would; notifies the receiver). */
export async function takeIntoWork(stack: BenchSystems, documentRef: string): Promise<void> {
  const { odataUrl, user, password } = stack.sandboxes.onec;
  const response = await fetch(encodeURI(`${odataUrl}Document_Заявка(guid'${documentRef}')?$format=json`), {
    method: 'PATCH',
    headers: {
      Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ Статус_Key: IN_WORK }),
  });
  if (!response.ok) throw new Error(`PATCH ${documentRef}: ${response.status} ${await response.text()}`);
}

export interface PortalStats {
  requests: number;
  methods: Record<string, number>;
  batched: Record<string, number>;
  refused: Record<string, number>;
}

export async function portalStats(stack: BenchSystems, reset = false): Promise<PortalStats> {
  const response = await fetch(`${stack.sandboxes.bitrix24.httpUrl}/__sandbox/stats`, {
    method: reset ? 'DELETE' : 'GET',
  });
  return (await response.json()) as PortalStats;
}

export const refusedCount = (stats: PortalStats): number =>
  Object.values(stats.refused).reduce((sum, n) => sum + n, 0);

/** Polls `check` every `intervalMs` until it returns a value; the time it took is the caller's to take. */
export async function until<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 300_000,
  intervalMs = 2,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('benchmark step timed out');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
