/**
 * One Bitrix24 portal's budget shared by every worker process (the state of the per-portal budget
 * workflow, workflows/portal-budget-workflow.ts). A worker with calls waiting asks for a lease of up to as
 * many slots; it gets the times at which they may leave — now while the bucket has room, spaced at the
 * portal's rate once it is full — and uses each within `validForMs` of its time or drops it. Slots are
 * charged to the bucket when granted, so a slot a worker never uses only makes the others wait a little
 * longer, never overflows the portal.
 *
 * Why slots may lie ahead: a worker asks again only when it has used its slots, and gets the next free
 * times, which at the portal's rate lie beyond the round trip — so the round trip is hidden, and two
 * workers asking in turn share the rate between them in proportion to their waiting calls.
 *
 * Operating time travels with the leases: a worker reports the methods it saw paused (until when) and
 * learns the others' pauses, so no worker spends a method's time another one already knows is used up.
 */
import { type BucketState, PortalBucket } from './portal-bucket';

export interface PortalBudgetLimits {
  requestsPerSecond: number;
  bucketSize: number;
  /** Slots kept free for requests arriving closer together than they were planned (see budgetHeadroom). */
  headroom: number;
  /** How long after its time a slot may still be used. */
  validForMs: number;
  /** At most this many slots per lease, so workers with earlier requests are not held behind one that asked first. */
  maxLease: number;
  /** Beyond the first slot, slots are granted only up to this far ahead. */
  horizonMs: number;
}

/**
 * Calls leave at most `validForMs` after their slot, so within any window the portal may see the slots of a
 * window that much longer: that many more requests (rate × validFor), plus the one slot the in-process
 * governor keeps for network jitter.
 */
export function budgetHeadroom(requestsPerSecond: number, validForMs: number): number {
  return 1 + Math.ceil((requestsPerSecond * validForMs) / 1000);
}

export function sharedBudgetLimits(requestsPerSecond: number, bucketSize: number): PortalBudgetLimits {
  const validForMs = 500;
  return {
    requestsPerSecond,
    bucketSize,
    headroom: budgetHeadroom(requestsPerSecond, validForMs),
    validForMs,
    maxLease: 10,
    horizonMs: 2000,
  };
}

/** Method → time (epoch ms) until which its calls wait for its operating time. */
export type MethodPauses = Record<string, number>;

export interface LeaseRequest {
  /** Calls waiting in the asking worker (not paused by their method). */
  count: number;
  /** QUERY_LIMIT_EXCEEDED answers the worker got since its last lease (another application spends too). */
  refusals: number;
  pauses: MethodPauses;
}

export interface LeaseGrant {
  /** Times (epoch ms, ascending) at which one call each may leave. */
  slots: number[];
  validForMs: number;
  /** Every method pause known to any worker. */
  pauses: MethodPauses;
}

export interface PortalBudgetState {
  bucket: BucketState;
  pauses: MethodPauses;
  granted: number;
}

export class PortalBudget {
  private readonly bucket: PortalBucket;
  private pauses: MethodPauses;
  private granted: number;

  constructor(
    readonly limits: PortalBudgetLimits,
    now: number,
    state?: PortalBudgetState,
  ) {
    const capacity = Math.max(1, limits.bucketSize - limits.headroom);
    this.bucket = new PortalBucket(
      { requestsPerSecond: limits.requestsPerSecond, capacity },
      now,
      state?.bucket,
    );
    this.pauses = { ...state?.pauses };
    this.granted = state?.granted ?? 0;
  }

  lease(request: LeaseRequest, now: number): LeaseGrant {
    for (let i = 0; i < request.refusals; i++) this.bucket.refused(now);
    for (const [method, until] of Object.entries(request.pauses))
      this.pauses[method] = Math.max(this.pauses[method] ?? 0, until);
    for (const [method, until] of Object.entries(this.pauses)) if (until <= now) delete this.pauses[method];
    const count = Math.min(Math.max(0, Math.floor(request.count)), this.limits.maxLease);
    const slots: number[] = [];
    for (let i = 0; i < count; i++) {
      // The first slot whatever its time (the worker waits for it instead of asking again), others near.
      if (i > 0 && this.bucket.nextSlot(now) > now + this.limits.horizonMs) break;
      slots.push(this.bucket.reserve(now));
      this.bucket.accepted(now);
    }
    this.granted += slots.length;
    return { slots, validForMs: this.limits.validForMs, pauses: { ...this.pauses } };
  }

  state(now: number): PortalBudgetState {
    return { bucket: this.bucket.state(now), pauses: { ...this.pauses }, granted: this.granted };
  }
}
