/**
 * The mirror of a Bitrix24 portal's leaky bucket (request intensity): every HTTP request adds 1, the bucket
 * drains at the portal's rate, and a request that would overflow it is refused. Pure and clock-free (every
 * method takes `now`), so the same arithmetic serves the in-process governor and the per-portal budget
 * workflow, and both are tested without waiting.
 *
 * Slots are handed out in time order, possibly ahead of `now` (`reserve`): the budget workflow grants a
 * worker the times at which its next calls may leave, so a worker need not ask again for every call.
 */

export interface BucketLimits {
  /** Drain rate, requests per second (cloud 2, Enterprise 5). */
  requestsPerSecond: number;
  /** Slots usable: the portal's bucket size less the headroom kept free. */
  capacity: number;
}

/** What survives a continue-as-new of the budget workflow. */
export interface BucketState {
  level: number;
  /** The time `level` was measured at; after a reservation ahead, a time in the future. */
  atMs: number;
  pace: number;
}

/** Slowest pace after repeated refusals, as a share of the configured rate. */
export const MIN_PACE = 1 / 8;
/** Pace regained per accepted call after a refusal (full speed again after ~20 calls). */
export const PACE_STEP = 0.05;
/**
 * Without a refusal the pace doubles every this many ms (slowest to full speed in 15 s). Another application
 * that goes on spending the budget refuses us again within seconds, which halves the pace again.
 */
export const PACE_DOUBLING_MS = 5_000;

export class PortalBucket {
  private level: number;
  private atMs: number;
  private pace: number;

  constructor(
    private readonly limits: BucketLimits,
    now: number,
    state?: BucketState,
  ) {
    this.level = state?.level ?? 0;
    this.atMs = state?.atMs ?? now;
    this.pace = state?.pace ?? 1;
  }

  get rate(): number {
    return this.limits.requestsPerSecond * this.pace;
  }

  get currentPace(): number {
    return this.pace;
  }

  /** The level at `now` (never earlier than the last slot handed out). */
  levelAt(now: number): number {
    return Math.max(0, this.level - (Math.max(0, now - this.atMs) / 1000) * this.rate);
  }

  /** The earliest time ≥ `now` at which one more request fits. */
  nextSlot(now: number): number {
    const from = Math.max(now, this.atMs);
    const level = this.levelAt(from);
    if (level + 1 <= this.limits.capacity) return from;
    return from + Math.ceil(((level + 1 - this.limits.capacity) / this.rate) * 1000);
  }

  /** Takes the next slot (see nextSlot) and returns its time. */
  reserve(now: number): number {
    const at = this.nextSlot(now);
    this.level = this.levelAt(at) + 1;
    this.atMs = at;
    return at;
  }

  /** A call went through: the pace creeps back towards the configured rate. */
  accepted(now: number): void {
    this.settle(now);
    this.pace = Math.min(1, this.pace + PACE_STEP);
  }

  /** The portal refused a call: its bucket is full now, and we slow down. */
  refused(now: number): void {
    this.settle(now);
    this.level = this.limits.capacity;
    this.pace = Math.max(MIN_PACE, this.pace / 2);
  }

  /** Assume the bucket full (nothing known about what others sent), keeping the pace. */
  fill(now: number): void {
    this.settle(now);
    this.level = this.limits.capacity;
  }

  state(now: number): BucketState {
    this.settle(now);
    return { level: this.level, atMs: this.atMs, pace: this.pace };
  }

  /** Brings the level (and a slowed pace) to `now` unless slots were handed out beyond it (those keep their times). */
  settle(now: number): void {
    if (now <= this.atMs) return;
    const elapsed = now - this.atMs;
    // Drained at the pace the period began with (the slower one), then the pace regained over it.
    this.level = this.levelAt(now);
    if (this.pace < 1) this.pace = Math.min(1, this.pace * 2 ** (elapsed / PACE_DOUBLING_MS));
    this.atMs = now;
  }
}
