/**
 * The client-side mirror of a portal's REST limits, so no call leaves this process when the portal would
 * refuse it:
 *  - request intensity: the portal's leaky bucket (cloud: drains 2/s, holds 50). Every HTTP request — a
 *    `batch` counts once — adds 1; a call waits until the mirrored bucket has room;
 *  - resource intensity: each method's operating time (`time.operating`, seconds over 10 minutes) as the
 *    portal reports it; a method close to the limit waits until its `operating_reset_at`.
 * Waiting calls are served first come, first served by their `turn` (the Bitrix24 item id: items are
 * numbered in the order managers created them), so a burst finishes in arrival order and a call that was
 * refused keeps its place instead of going to the back of a retry queue.
 * A QUERY_LIMIT_EXCEEDED that still arrives (another application spends the same portal budget) fills the
 * mirrored bucket and halves our pace, which recovers as calls are accepted again and, without further
 * refusals, with time: the other application may have stopped, and a pace regained only per accepted call
 * would crawl back at an eighth of the rate long after the portal's bucket has room again.
 */

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
}

/** Slowest pace after repeated refusals, as a share of the configured rate. */
const MIN_PACE = 1 / 8;
/** Pace regained per accepted call after a refusal (full speed again after ~20 calls). */
const PACE_STEP = 0.05;
/**
 * Without a refusal the pace doubles every this many ms (slowest to full speed in 15 s). Another application
 * that goes on spending the budget refuses us again within seconds, which halves the pace again.
 */
const PACE_DOUBLING_MS = 5_000;

export class Bitrix24Governor {
  private level = 0;
  private updatedMs: number;
  private pace = 1;
  private seq = 0;
  private queue: Waiter[] = [];
  private readonly pausedUntil = new Map<string, number>();
  private readonly resetAt = new Map<string, number>();
  private cancelTimer: (() => void) | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private admitted = 0;
  private refusals = 0;

  constructor(
    readonly limits: GovernorLimits = CLOUD_LIMITS,
    private readonly clock: GovernorClock = systemClock,
  ) {
    this.updatedMs = clock.now();
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
    this.drain();
    this.pace = Math.min(1, this.pace + PACE_STEP);
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
    this.drain();
    this.level = this.capacity;
    this.pace = Math.max(MIN_PACE, this.pace / 2);
    this.pump();
  }

  /** Calls of `method` wait until `untilMs`; calls of other methods go on. */
  pauseMethod(method: string, untilMs: number): void {
    const key = method.toLowerCase();
    this.pausedUntil.set(key, Math.max(this.pausedUntil.get(key) ?? 0, untilMs));
    this.pump();
  }

  /** Until when calls of `method` wait (ms), or undefined when it is not paused. */
  pausedTill(method: string): number | undefined {
    const until = this.pausedUntil.get(method.toLowerCase());
    return until !== undefined && until > this.clock.now() ? until : undefined;
  }

  stats(): GovernorStats {
    this.drain();
    return {
      admitted: this.admitted,
      refused: this.refusals,
      waiting: this.queue.length,
      level: this.level,
      pace: this.pace,
    };
  }

  private get capacity(): number {
    return Math.max(1, this.limits.bucketSize - this.limits.headroom);
  }

  private get rate(): number {
    return this.limits.requestsPerSecond * this.pace;
  }

  private drain(): void {
    const now = this.clock.now();
    const elapsed = now - this.updatedMs;
    // Drained at the pace the period began with (the slower one), then the pace regained over it.
    this.level = Math.max(0, this.level - (elapsed / 1000) * this.rate);
    if (this.pace < 1) this.pace = Math.min(1, this.pace * 2 ** (elapsed / PACE_DOUBLING_MS));
    this.updatedMs = now;
  }

  private isPaused(waiter: Waiter, now: number): boolean {
    return waiter.methods.some((m) => (this.pausedUntil.get(m) ?? 0) > now);
  }

  private pump(): void {
    this.drain();
    const now = this.clock.now();
    for (const [method, until] of this.pausedUntil) if (until <= now) this.pausedUntil.delete(method);
    while (this.queue.length > 0) {
      // The earliest turn whose methods are not paused: a paused method must not hold up the others.
      const index = this.queue.findIndex((w) => !this.isPaused(w, now));
      if (index < 0) return this.wakeAt(Math.min(...this.queue.flatMap((w) => this.pauseEnds(w))));
      if (this.level + 1 > this.capacity) {
        const wait = Math.ceil(((this.level + 1 - this.capacity) / this.rate) * 1000);
        // A slowed pace speeds up while we wait: look again within a second rather than at the slow estimate.
        return this.wakeAt(now + (this.pace < 1 ? Math.min(wait, 1_000) : wait));
      }
      const [waiter] = this.queue.splice(index, 1);
      this.level += 1;
      this.admitted += 1;
      waiter?.admit();
    }
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
