/**
 * Starts the Bitrix24 sandbox the way the events/faults tests need it: random port, no HTTPS, no rate limit,
 * the hub's log captured (not printed) and a short delivery timeout. Fault controller and event hub are the
 * ones startBitrix24Sandbox wires itself. event.* over the webhook stays refused (as on a real portal) unless
 * the caller passes `eventsOverWebhook: true`. `call` speaks JSON to the inbound webhook.
 */
import { z } from 'zod';
import type { EventHub } from '../../../sandbox/bitrix24/events/hub';
import type { FaultController } from '../../../sandbox/bitrix24/faults';
import { CLOUD_RATE_LIMIT } from '../../../sandbox/bitrix24/rate-limit';
import {
  type Bitrix24Sandbox,
  type Bitrix24SandboxOptions,
  startBitrix24Sandbox,
} from '../../../sandbox/bitrix24/server';

export interface EventsSandbox {
  sandbox: Bitrix24Sandbox;
  faults: FaultController;
  hub: EventHub;
  /** Lines the hub logged (lost deliveries). */
  log: string[];
  call(method: string, params?: Record<string, unknown>): Promise<{ status: number; body: RestBody }>;
  close(): Promise<void>;
}

const restBodySchema = z
  .object({
    result: z.unknown().optional(),
    total: z.number().optional(),
    next: z.number().optional(),
    error: z.string().optional(),
    error_description: z.string().optional(),
  })
  .passthrough();
export type RestBody = z.infer<typeof restBodySchema>;

export async function startEventsSandbox(opts: Bitrix24SandboxOptions = {}): Promise<EventsSandbox> {
  const log: string[] = [];
  const sandbox = await startBitrix24Sandbox({
    port: 0,
    httpsPort: false,
    rateLimit: { ...CLOUD_RATE_LIMIT, enabled: false },
    ...opts,
    eventHub: { log: (line) => log.push(line), deliveryTimeoutMs: 1000, ...opts.eventHub },
  });
  return {
    sandbox,
    faults: sandbox.faults,
    hub: sandbox.events,
    log,
    async call(method, params = {}) {
      const response = await fetch(`${sandbox.webhookUrl}${method}.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
      });
      return { status: response.status, body: restBodySchema.parse(await response.json()) };
    },
    close: () => sandbox.close(),
  };
}
