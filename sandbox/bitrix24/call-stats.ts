/**
 * What the portal was asked, for tests and benchmarks: REST requests per method (a `batch` counts once, as
 * it does for the rate limit), the methods run inside batches, and the requests refused by the limits.
 * Served at `GET /__sandbox/stats`; `DELETE /__sandbox/stats` starts counting afresh.
 */
export interface CallStatsSnapshot {
  /** Accepted REST requests (what the leaky bucket counted). */
  requests: number;
  /** Accepted REST requests per method (lower-cased, `.json` stripped). */
  methods: Record<string, number>;
  /** Methods run as commands of a `batch`. */
  batched: Record<string, number>;
  /** Refused requests per error code (QUERY_LIMIT_EXCEEDED, OPERATION_TIME_LIMIT). */
  refused: Record<string, number>;
  /**
   * Refused requests per method (as `methods`): tells the module's refusals from those of another
   * application spending the same portal budget.
   */
  refusedMethods: Record<string, number>;
  /** Server time charged per method, seconds (what `time.operating` adds up; see server-time.ts). */
  serverSeconds: Record<string, number>;
  /** When counting started, ISO-8601. */
  since: string;
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export class CallStats {
  private snapshot: CallStatsSnapshot = CallStats.empty();

  private static empty(): CallStatsSnapshot {
    return {
      requests: 0,
      methods: {},
      batched: {},
      refused: {},
      refusedMethods: {},
      serverSeconds: {},
      since: new Date().toISOString(),
    };
  }

  request(method: string): void {
    this.snapshot.requests += 1;
    bump(this.snapshot.methods, method.toLowerCase());
  }

  batched(method: string): void {
    bump(this.snapshot.batched, method.toLowerCase());
  }

  refused(code: string, method: string): void {
    bump(this.snapshot.refused, code);
    bump(this.snapshot.refusedMethods, method.toLowerCase());
  }

  charged(method: string, seconds: number): void {
    const key = method.toLowerCase();
    if (seconds > 0) this.snapshot.serverSeconds[key] = (this.snapshot.serverSeconds[key] ?? 0) + seconds;
  }

  get(): CallStatsSnapshot {
    return structuredClone(this.snapshot);
  }

  reset(): CallStatsSnapshot {
    this.snapshot = CallStats.empty();
    return this.get();
  }
}
