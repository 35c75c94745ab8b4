/**
 * Sends online event deliveries in the background. Calls to one handler go one after another (the portal's
 * queue works through them in order), so without faults a handler sees events in the order they happened.
 * Event faults apply here: drop (never sent), duplicate (sent twice), delay, and reorder (each window of N
 * deliveries goes out shuffled).
 */
import type { EventFaults, FaultController } from '../faults';
import { type DeliveryOutcome, postEvent } from './delivery';

export interface Outgoing {
  event: string;
  handler: string;
  bindingId: number;
  body: string;
}

export type Outcome = { status: 'delivered' | 'failed' | 'dropped' } & Omit<DeliveryOutcome, 'ok'>;

/** A partial reorder window is flushed after this long, so a lone event is not held back forever. */
const WINDOW_FLUSH_MS = 50;

export class OnlineSender {
  private pending = 0;
  private waiters: Array<() => void> = [];
  private readonly chains = new Map<string, Promise<void>>();
  private window: Outgoing[] = [];
  private windowTimer: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly cancel = new AbortController();

  constructor(
    private readonly faults: FaultController,
    private readonly timeoutMs: number,
    private readonly onOutcome: (o: Outgoing, outcome: Outcome) => void,
  ) {}

  send(o: Outgoing): void {
    const f = this.faults.eventFaults();
    if (this.faults.chance(f.drop)) {
      this.onOutcome(o, { status: 'dropped' });
      return;
    }
    const copies = this.faults.chance(f.duplicate) ? 2 : 1;
    for (let i = 0; i < copies; i += 1) this.schedule(o, f);
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.cancel.abort();
    for (const t of this.timers) clearTimeout(t);
    if (this.windowTimer) clearTimeout(this.windowTimer);
    this.window = [];
    this.pending = 0;
    this.settle();
  }

  private schedule(o: Outgoing, f: EventFaults): void {
    this.pending += 1;
    const size = f.reorder === true ? 2 : f.reorder === false ? 1 : f.reorder;
    const go = () => (size > 1 ? this.addToWindow(o, size) : this.enqueue(o));
    if (f.delayMs <= 0) return go();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      go();
    }, f.delayMs);
    this.timers.add(timer);
  }

  private addToWindow(o: Outgoing, size: number): void {
    this.window.push(o);
    if (this.window.length >= size) return this.flushWindow();
    this.windowTimer ??= setTimeout(() => this.flushWindow(), WINDOW_FLUSH_MS);
  }

  private flushWindow(): void {
    if (this.windowTimer) clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    const batch = this.shuffled(this.window);
    this.window = [];
    batch.forEach((o) => this.enqueue(o));
  }

  /** Seeded Fisher–Yates; a shuffle that happens to keep the order is rotated so the window really reorders. */
  private shuffled(items: Outgoing[]): Outgoing[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.faults.nextRandom() * (i + 1));
      [out[i], out[j]] = [out[j] as Outgoing, out[i] as Outgoing];
    }
    if (out.length > 1 && out.every((o, i) => o === items[i])) out.push(out.shift() as Outgoing);
    return out;
  }

  private enqueue(o: Outgoing): void {
    const previous = this.chains.get(o.handler) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(o));
    this.chains.set(o.handler, next);
  }

  private async deliver(o: Outgoing): Promise<void> {
    if (this.cancel.signal.aborted) return;
    const { ok, ...rest } = await postEvent(o.handler, o.body, this.timeoutMs, this.cancel.signal);
    if (this.cancel.signal.aborted) return;
    this.onOutcome(o, { status: ok ? 'delivered' : 'failed', ...rest });
    this.pending -= 1;
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((resolve) => resolve());
  }
}
