/**
 * The client-side mirror of a portal's REST limits, so no call leaves this process when the portal would
 * refuse it:
 *  - request intensity: the portal's leaky bucket (cloud: drains 2/s, holds 50). Every HTTP request — a
 *    `batch` counts once — takes one slot; a call waits until there is one;
 *  - resource intensity: each method's operating time (`time.operating`, seconds over 10 minutes) as the
 *    portal reports it; a method close to the limit waits until its `operating_reset_at`.
 * Waiting calls are served first come, first served by their `turn` (the Bitrix24 item id: items are
 * numbered in the order managers created them), so a burst finishes in arrival order and a call that was
 * refused keeps its place instead of going to the back of a retry queue.
 * A QUERY_LIMIT_EXCEEDED that still arrives (another application spends the same portal budget) fills the
 * bucket and halves our pace, which recovers as calls are accepted again and, without further refusals,
 * with time: the other application may have stopped, and a pace regained only per accepted call would
 * crawl back at an eighth of the rate long after the portal's bucket has room again.
 *
 * Where the slots come from:
 *  - one worker process (the embedded default): an in-process bucket of the portal's full size — no round
 *    trip, nothing shared;
 *  - several worker processes (`bitrix24.limits.workers` > 1): one budget for the whole portal, held by the
 *    per-portal budget workflow (workflows/portal-budget-workflow.ts, domain/portal-budget.ts). A worker
 *    with calls waiting leases up to 10 slots at a time through an Update and sends each at its time.
 *    Why not a fixed 1/workers share per process (the earlier design, still the fall-back): a process can
 *    only use its own half, so whenever the work is not split evenly at every moment — one worker down or
 *    restarting, reconciliation's or the back-fill's reads landing on one worker, a wave of write-backs
 *    finishing on one side first — half of the portal's rate sits idle while calls wait on the other side.
 *    Why not shares from the task queue's live pollers (DescribeTaskQueue): that divides the budget by the
 *    number of workers, not by where the calls wait, so the same idle share remains. The lease keeps the
 *    portal's one bucket in one place, and the round trip is hidden once the bucket is full: the slots a
 *    worker gets then lie ahead of its next lease anyway. A lone worker keeps its own bucket: no round trip;
 *  - the budget workflow unreachable (a lease fails or takes over 5 s): the process falls back to its
 *    fixed 1/workers share, starting as if its share were used up, and tries the lease again after 30 s.
 */
import type { LeaseGrant, LeaseRequest, MethodPauses } from '../../domain/portal-budget';
import { PortalBucket } from '../../domain/portal-bucket';

export interface GovernorLimits {
  /** Drain rate of the portal's bucket, requests per second (cloud 2, Enterprise 5). */
  requestsPerSecond: number;
  /** Bucket size (cloud 50, Enterprise 250). */
  bucketSize: number;
  /** Operating-time limit per method, seconds per 10 minutes (cloud 480). */
  operatingSeconds: number;
  /**
   * Bucket slots kept free: the portal counts a request when it arrives, we when it leaves, and requests sent
   * in a row may arrive closer together than they left.
   */
  headroom: number;
  /** A method pauses once its operating time is within this many seconds of the limit. */
  operatingMarginSeconds: number;
}

export const CLOUD_LIMITS: GovernorLimits = {
  requestsPerSecond: 2,
  bucketSize: 50,
  operatingSeconds: 480,
  headroom: 1,
  operatingMarginSeconds: 30,
};

/** Time source and timers, injected so the logic is tested without waiting. */
export interface GovernorClock {
  now(): number;
  setTimer(ms: number, fire: () => void): () => void;
}

export const systemClock: GovernorClock = {
  now: () => Date.now(),
  setTimer: (ms, fire) => {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
};

/** `time` block of an answer (or of one batch command): the method's operating time so far. */
export interface OperatingReport {
  operating?: number;
  operating_reset_at?: number;
}

/** The portal's budget shared with other worker processes: leases of slots (workers/portal-budget.ts). */
export interface SharedBudget {
  lease(request: LeaseRequest): Promise<LeaseGrant>;
}

export interface SharedBudgetOptions {
  budget: SharedBudget;
  /** A lease not answered within this long counts as failed. */
  leaseTimeoutMs?: number;
  /** After a failed lease, the fixed share is used this long before leasing again. */
  fallbackMs?: number;
  /** Told once per fall-back, with the cause. */
  onFallback?: (cause: unknown) => void;
}

interface Waiter {
  turn: number;
  seq: number;
  methods: string[];
  admit: () => void;
}

export interface GovernorStats {
  admitted: number;
  refused: number;
  waiting: number;
  level: number;
  pace: number;
  /** Where slots come from now: this process's bucket, the shared budget, or the fixed share after a failed lease. */
  source: 'local' | 'shared' | 'fallback';
  leases: number;
}

const LEASE_TIMEOUT_MS = 5000;
const FALLBACK_MS = 30_000;

export class Bitrix24Governor {
  private readonly bucket: PortalBucket;
  private seq = 0;
  private queue: Waiter[] = [];
  private readonly pausedUntil = new Map<string, number>();
  private readonly resetAt = new Map<string, number>();
  private cancelTimer: (() => void) | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private admitted = 0;
  private refusals = 0;
  // Shared budget: slots leased and not yet used, the lease under way, refusals not yet reported.
  private slots: number[] = [];
  private validForMs = 0;
  private leasing = 0;
  private leaseSeq = 0;
  private leases = 0;
  private unreported = 0;
  private fallbackUntil = 0;

  /**
   * `limits` are this process's own bucket: the portal's whole budget for a lone worker, the fixed
   * 1/workers share when `shared` is given (used only while the shared budget cannot be reached).
   */
  constructor(
    readonly limits: GovernorLimits = CLOUD_LIMITS,
    private readonly clock: GovernorClock = systemClock,
    private readonly shared?: SharedBudgetOptions,
  ) {
    const capacity = Math.max(1, limits.bucketSize - limits.headroom);
    this.bucket = new PortalBucket({ requestsPerSecond: limits.requestsPerSecond, capacity }, clock.now());
  }

  /** Resolves when one request carrying these methods may be sent now. Lower turns go first. */
  acquire(methods: string[], turn = 0): Promise<void> {
    return new Promise((admit) => {
      const waiter: Waiter = { turn, seq: this.seq++, methods: methods.map((m) => m.toLowerCase()), admit };
      const at = this.queue.findIndex((w) => w.turn > turn);
      if (at < 0) this.queue.push(waiter);
      else this.queue.splice(at, 0, waiter);
      this.pump();
    });
  }

  /** The portal accepted a call and reported the method's operating time. */
  observe(method: string, report: OperatingReport | undefined): void {
    this.bucket.accepted(this.clock.now());
    if (report?.operating_reset_at !== undefined)
      this.resetAt.set(method.toLowerCase(), report.operating_reset_at * 1000);
    if (report?.operating === undefined) return;
    const limit = this.limits.operatingSeconds - this.limits.operatingMarginSeconds;
    if (report.operating >= limit) this.blocked(method);
  }

  /**
   * The method is (about to be) blocked for its operating time: its calls wait until the oldest minute of its
   * time drops out — the last `operating_reset_at` the portal reported, or a minute when none is known.
   */
  blocked(method: string): void {
    const now = this.clock.now();
    const reset = this.resetAt.get(method.toLowerCase());
    this.pauseMethod(method, reset !== undefined && reset > now ? reset : now + 60_000);
  }

  /** The portal answered QUERY_LIMIT_EXCEEDED: someone else spends the budget too; back off. */
  refused(): void {
    this.refusals += 1;
    this.bucket.refused(this.clock.now());
    if (this.shared) {
      // Slots leased before the refusal were planned at the old pace; the next lease reports it.
      this.unreported += 1;
      this.slots = [];
    }
    this.pump();
  }

  /** Calls of `method` wait until `untilMs`; calls of other methods go on. */
  pauseMethod(method: string, untilMs: number): void {
    this.setPause(method.toLowerCase(), untilMs);
    this.pump();
  }

  /** Until when calls of `method` wait (ms), or undefined when it is not paused. */
  pausedTill(method: string): number | undefined {
    const until = this.pausedUntil.get(method.toLowerCase());
    return until !== undefined && until > this.clock.now() ? until : undefined;
  }

  stats(): GovernorStats {
    const now = this.clock.now();
    this.bucket.settle(now);
    return {
      admitted: this.admitted,
      refused: this.refusals,
      waiting: this.queue.length,
      level: this.bucket.levelAt(now),
      pace: this.bucket.currentPace,
      source: !this.shared ? 'local' : now < this.fallbackUntil ? 'fallback' : 'shared',
      leases: this.leases,
    };
  }

  private setPause(key: string, untilMs: number): void {
    this.pausedUntil.set(key, Math.max(this.pausedUntil.get(key) ?? 0, untilMs));
  }

  private isPaused(waiter: Waiter, now: number): boolean {
    return waiter.methods.some((m) => (this.pausedUntil.get(m) ?? 0) > now);
  }

  private pump(): void {
    const now = this.clock.now();
    this.bucket.settle(now);
    for (const [method, until] of this.pausedUntil) if (until <= now) this.pausedUntil.delete(method);
    while (this.queue.length > 0) {
      // The earliest turn whose methods are not paused: a paused method must not hold up the others.
      const index = this.queue.findIndex((w) => !this.isPaused(w, now));
      if (index < 0) return this.wakeAt(Math.min(...this.queue.flatMap((w) => this.pauseEnds(w))));
      const slot = this.takeSlot(now);
      if (slot !== true) {
        if (slot !== undefined) this.wakeAt(slot);
        return;
      }
      const [waiter] = this.queue.splice(index, 1);
      this.admitted += 1;
      waiter?.admit();
    }
  }

  /** Takes a slot for a call leaving now; otherwise when to look again (undefined: when a lease answers). */
  private takeSlot(now: number): true | number | undefined {
    if (!this.shared || now < this.fallbackUntil) {
      const at = this.bucket.nextSlot(now);
      // A slowed pace speeds up while we wait: look again within a second rather than at the slow estimate.
      if (at > now) return this.bucket.currentPace < 1 ? Math.min(at, now + 1_000) : at;
      this.bucket.reserve(now);
      return true;
    }
    while (this.slots.length > 0 && this.slots[0]! + this.validForMs < now) this.slots.shift();
    const next = this.slots[0];
    if (next === undefined) return this.lease(now);
    if (next > now) return next;
    this.slots.shift();
    return true;
  }

  private lease(now: number): undefined {
    if (this.leasing || !this.shared) return undefined;
    const id = ++this.leaseSeq;
    this.leasing = id;
    const request: LeaseRequest = {
      count: this.queue.filter((w) => !this.isPaused(w, now)).length,
      refusals: this.unreported,
      pauses: Object.fromEntries(this.pausedUntil) as MethodPauses,
    };
    this.unreported = 0;
    const { budget, leaseTimeoutMs = LEASE_TIMEOUT_MS } = this.shared;
    const cancelTimeout = this.clock.setTimer(leaseTimeoutMs, () =>
      this.leaseFailed(id, request, new Error(`no lease from the portal budget within ${leaseTimeoutMs} ms`)),
    );
    budget.lease(request).then(
      (grant) => {
        cancelTimeout();
        // A late answer (after the timeout) is dropped: its slots stay charged, which only costs time.
        if (this.leasing !== id) return;
        this.leasing = 0;
        this.leases += 1;
        this.slots = [...grant.slots];
        this.validForMs = grant.validForMs;
        for (const [method, until] of Object.entries(grant.pauses)) this.setPause(method, until);
        this.pump();
      },
      (error: unknown) => {
        cancelTimeout();
        this.leaseFailed(id, request, error);
      },
    );
    return undefined;
  }

  private leaseFailed(id: number, request: LeaseRequest, cause: unknown): void {
    if (this.leasing !== id || !this.shared) return;
    this.leasing = 0;
    this.unreported += request.refusals;
    const now = this.clock.now();
    this.fallbackUntil = now + (this.shared.fallbackMs ?? FALLBACK_MS);
    // Others may have just used the portal's whole bucket: the fixed share starts as spent.
    this.bucket.fill(now);
    this.shared.onFallback?.(cause);
    this.pump();
  }

  private pauseEnds(waiter: Waiter): number[] {
    return waiter.methods.map((m) => this.pausedUntil.get(m) ?? 0).filter((t) => t > 0);
  }

  private wakeAt(at: number): void {
    if (this.cancelTimer && this.timerAt <= at) return;
    this.cancelTimer?.();
    this.timerAt = at;
    this.cancelTimer = this.clock.setTimer(Math.max(0, at - this.clock.now()), () => {
      this.cancelTimer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.pump();
    });
  }
}
