/**
 * Bitrix24's two REST limits.
 *  - Request intensity: a leaky bucket per portal and per client IP. Each HTTP request adds 1, the level drains
 *    by `ratePerSecond`; a request that would overflow `bucketSize` is refused (503 QUERY_LIMIT_EXCEEDED).
 *  - Resource intensity ("operating"): server time spent per method per webhook, kept in one-minute baskets
 *    that each expire 10 minutes after their first call; over the limit the method is blocked.
 */
export interface RateLimitConfig {
  enabled: boolean;
  ratePerSecond: number;
  bucketSize: number;
}

export const CLOUD_RATE_LIMIT: RateLimitConfig = { enabled: true, ratePerSecond: 2, bucketSize: 50 };

interface Bucket {
  level: number;
  updatedMs: number;
}

export class LeakyBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private config: RateLimitConfig) {}

  configure(config: RateLimitConfig): void {
    this.config = { ...config };
    this.buckets.clear();
  }

  get settings(): RateLimitConfig {
    return { ...this.config };
  }

  private drained(key: string, nowMs: number): Bucket {
    const bucket = this.buckets.get(key) ?? { level: 0, updatedMs: nowMs };
    const elapsed = Math.max(0, nowMs - bucket.updatedMs) / 1000;
    bucket.level = Math.max(0, bucket.level - elapsed * this.config.ratePerSecond);
    bucket.updatedMs = nowMs;
    this.buckets.set(key, bucket);
    return bucket;
  }

  /** Admits one request against every key (portal, IP) or none of them. */
  tryAcquire(keys: string[], nowMs = Date.now()): boolean {
    if (!this.config.enabled) return true;
    const buckets = keys.map((key) => this.drained(key, nowMs));
    if (buckets.some((bucket) => bucket.level + 1 > this.config.bucketSize)) return false;
    for (const bucket of buckets) bucket.level += 1;
    return true;
  }
}

const BASKET_MS = 60_000;
const WINDOW_MS = 600_000;

interface Basket {
  startedMs: number;
  seconds: number;
}

export class OperatingTracker {
  private readonly baskets = new Map<string, Basket[]>();

  /** `limitSeconds` is 480 in the cloud. */
  constructor(public limitSeconds = 480) {}

  private current(key: string, nowMs: number): Basket[] {
    const live = (this.baskets.get(key) ?? []).filter((b) => b.startedMs + WINDOW_MS > nowMs);
    this.baskets.set(key, live);
    return live;
  }

  /** Accumulated seconds and when the oldest basket drops out (unix seconds). */
  status(key: string, nowMs = Date.now()): { operating: number; operatingResetAt: number } {
    const live = this.current(key, nowMs);
    const operating = live.reduce((sum, b) => sum + b.seconds, 0);
    const oldest = live[0]?.startedMs ?? nowMs;
    return { operating, operatingResetAt: Math.floor((oldest + WINDOW_MS) / 1000) };
  }

  isBlocked(key: string, nowMs = Date.now()): boolean {
    return this.status(key, nowMs).operating > this.limitSeconds;
  }

  /** Forgets every method's time (a fresh window, as after ten quiet minutes). */
  reset(): void {
    this.baskets.clear();
  }

  record(key: string, seconds: number, nowMs = Date.now()): void {
    const live = this.current(key, nowMs);
    const last = live[live.length - 1];
    if (last && last.startedMs + BASKET_MS > nowMs) last.seconds += seconds;
    else live.push({ startedMs: nowMs, seconds });
  }
}
