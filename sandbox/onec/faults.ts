/**
 * Fault injection: latency, random 5xx/timeouts/dropped connections, a «base down» mode and lost responses
 * for the OData endpoint, plus faults of the notification sender. Driven programmatically
 * (`sandbox.faults.set`) or through `GET/PUT/DELETE /__sandbox/faults`.
 */
import { z } from 'zod';

export const faultConfigSchema = z
  .object({
    /** Delay before every matching request is handled. */
    latencyMs: z.number().int().min(0).optional(),
    /** Probability 0..1 that a matching request fails with `errorKind` instead of being handled. */
    errorRate: z.number().min(0).max(1).optional(),
    /** `timeout` = never answer; `drop` = close the socket; `rights` = 401 / code 20 (RLS violation). */
    errorKind: z.enum(['500', '503', 'timeout', 'drop', 'rights']).optional(),
    /** Every OData request gets 503 with an HTML page, like a dead web-server extension. */
    down: z.boolean().optional(),
    /** Matching writes are performed, then the connection is closed before answering. */
    loseResponse: z.boolean().optional(),
    /** Stop after this many injected errors / lost responses (e.g. `1`: lose exactly one answer). */
    times: z.number().int().min(1).optional(),
    /** Restrict the faults above to these HTTP methods (upper case) … */
    methods: z.array(z.string()).optional(),
    /** … and/or these entity sets. */
    sets: z.array(z.string()).optional(),
    notify: z
      .object({
        /** Probability 0..1 that a notification is silently never sent (state `dropped`). */
        dropRate: z.number().min(0).max(1).optional(),
        /** Every delivered notification is sent a second time with the same eventId. */
        duplicate: z.boolean().optional(),
        /** Wait before the first delivery attempt. */
        delayMs: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type FaultConfig = z.infer<typeof faultConfigSchema>;

export class Faults {
  private config: FaultConfig = {};
  private injected = 0;

  get(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Replaces the whole configuration (validated). */
  set(config: FaultConfig): void {
    this.config = faultConfigSchema.parse(config);
    this.injected = 0;
  }

  reset(): void {
    this.config = {};
    this.injected = 0;
  }

  /** Counts one injected fault; false once `times` faults have been injected. */
  private spend(): boolean {
    if (this.config.times !== undefined && this.injected >= this.config.times) return false;
    this.injected += 1;
    return true;
  }

  /** Whether the method/set filters select this request (no filter = every request). */
  matches(method: string, setName: string | undefined): boolean {
    const { methods, sets } = this.config;
    if (methods && !methods.includes(method.toUpperCase())) return false;
    if (sets && (!setName || !sets.includes(setName))) return false;
    return true;
  }

  /** Decides (randomly, per `errorRate`) whether this request fails and how. */
  pickError(method: string, setName: string | undefined): FaultConfig['errorKind'] | undefined {
    const { errorRate, errorKind } = this.config;
    if (!errorRate || !this.matches(method, setName)) return undefined;
    return Math.random() < errorRate && this.spend() ? (errorKind ?? '500') : undefined;
  }

  latency(method: string, setName: string | undefined): number {
    return this.config.latencyMs && this.matches(method, setName) ? this.config.latencyMs : 0;
  }

  get down(): boolean {
    return this.config.down === true;
  }

  losesResponse(method: string, setName: string | undefined): boolean {
    return this.config.loseResponse === true && this.matches(method, setName) && this.spend();
  }

  get notify(): NonNullable<FaultConfig['notify']> {
    return this.config.notify ?? {};
  }
}

/** What a dead 1C web extension behind Apache/IIS answers (HTML, not OData). */
export const DOWN_HTML =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>503 Service Unavailable</title></head>' +
  '<body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request due to ' +
  'maintenance downtime or capacity problems. Please try again later.</p></body></html>\n';
