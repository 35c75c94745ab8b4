/**
 * Background sender of the extension's notifications (§8.3). Writes only enqueue; delivery runs on timers so
 * a slow or dead receiver never delays an OData answer. Retries on 5xx/408/429/network errors follow the
 * back-off schedule with the same eventId and body; other 4xx are permanent failures.
 */
import type { Faults } from '../faults';
import { signOneCNotification } from '../../../domain/onec-signature';

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'dropped';

export interface NotificationRecord {
  eventId: string;
  url: string;
  body: string;
  state: DeliveryState;
  attempts: number;
  /** Successful POSTs (2 when the `duplicate` fault is on). */
  deliveries: number;
  lastStatus?: number;
  lastError?: string;
  createdAt: string;
}

export interface NotificationQueueOptions {
  /** Waits between attempts; production schedule 1, 5, 15, 60 minutes. */
  retryDelaysMs: number[];
  timeoutMs: number;
  faults: Faults;
}

export const PRODUCTION_RETRY_DELAYS_MS = [60_000, 300_000, 900_000, 3_600_000];

export class NotificationQueue {
  private readonly records: NotificationRecord[] = [];
  private readonly secrets = new Map<string, string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: NotificationQueueOptions) {}

  enqueue(url: string, secret: string, eventId: string, body: string): NotificationRecord {
    const record: NotificationRecord = {
      eventId,
      url,
      body,
      state: 'pending',
      attempts: 0,
      deliveries: 0,
      createdAt: new Date().toISOString(),
    };
    this.records.push(record);
    this.secrets.set(eventId, secret);
    const { dropRate, delayMs } = this.opts.faults.notify;
    if (dropRate && Math.random() < dropRate) {
      record.state = 'dropped';
      return record;
    }
    this.schedule(record, delayMs ?? 0);
    return record;
  }

  list(): NotificationRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  /** Resolves once nothing is pending (tests wait on it instead of sleeping). */
  async idle(): Promise<void> {
    if (!this.busy()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.wakeIdle(true);
  }

  private busy(): boolean {
    return this.inFlight > 0 || this.records.some((r) => r.state === 'pending');
  }

  private wakeIdle(force = false): void {
    if (!force && this.busy()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private schedule(record: NotificationRecord, delayMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(record);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(record: NotificationRecord): Promise<void> {
    this.inFlight += 1;
    record.attempts += 1;
    let retry = false;
    try {
      const status = await this.send(record);
      record.lastStatus = status;
      if (status >= 200 && status < 300) {
        record.state = 'delivered';
        record.deliveries += 1;
        if (this.opts.faults.notify.duplicate && (await this.send(record)) < 300) record.deliveries += 1;
      } else {
        retry = status >= 500 || status === 408 || status === 429;
        if (!retry) record.state = 'failed';
      }
    } catch (e) {
      record.lastError = e instanceof Error ? e.message : String(e);
      retry = true;
    } finally {
      this.inFlight -= 1;
    }
    if (retry) {
      const delay = this.opts.retryDelaysMs[record.attempts - 1];
      if (delay === undefined || this.closed) record.state = 'failed';
      else this.schedule(record, delay);
    }
    this.wakeIdle();
  }

  private async send(record: NotificationRecord): Promise<number> {
    // A fresh timestamp per attempt keeps retries inside the receiver's ±5 min window; body and id stay.
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const secret = this.secrets.get(record.eventId) ?? '';
    const res = await fetch(record.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'X-OneC-Event-Id': record.eventId,
        'X-OneC-Timestamp': timestamp,
        'X-OneC-Signature': signOneCNotification(secret, timestamp, record.body),
      },
      body: record.body,
      signal: AbortSignal.timeout(this.opts.timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  }
}
