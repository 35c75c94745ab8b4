/**
 * Per-source token bucket in front of the webhooks: one address may send `burst` requests at once and
 * `perSecond` sustained; beyond that it gets 429 with Retry-After, so a flood from one place cannot fill
 * the worker's queues. In memory on purpose — it is a momentary guard, not state worth keeping. The map of
 * sources is bounded: the least recently seen address is forgotten first (a forgotten one starts full).
 */
export interface RateLimitSettings {
  perSecond: number;
  burst: number;
  maxSources: number;
}

/** `firstRefusal`: the source was let through before this refusal (log once per flood, not per request). */
export type RateDecision =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; firstRefusal: boolean };

interface Bucket {
  tokens: number;
  at: number;
  refusing: boolean;
}

export class SourceRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = () => Date.now(),
  ) {}

  take(source: string): RateDecision {
    const now = this.now();
    const { perSecond, burst } = this.settings;
    const previous = this.buckets.get(source);
    const refilled = previous
      ? Math.min(burst, previous.tokens + (Math.max(0, now - previous.at) / 1000) * perSecond)
      : burst;
    // Re-inserting keeps the map in least-recently-seen order for eviction.
    this.buckets.delete(source);
    if (refilled < 1) {
      this.buckets.set(source, { tokens: refilled, at: now, refusing: true });
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / perSecond)),
        firstRefusal: !previous?.refusing,
      };
    }
    this.buckets.set(source, { tokens: refilled - 1, at: now, refusing: false });
    while (this.buckets.size > this.settings.maxSources) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
    return { allowed: true };
  }

  get trackedSources(): number {
    return this.buckets.size;
  }
}

/**
 * The address a request comes from. Behind a reverse proxy every request arrives from the proxy, so with
 * `trustProxy` the last X-Forwarded-For entry (the one our proxy appended) is used instead.
 */
export function sourceAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: boolean,
): string {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const last = header.split(',').at(-1)?.trim() ?? '';
  return trustProxy && last !== '' ? last : (remoteAddress ?? 'unknown');
}
