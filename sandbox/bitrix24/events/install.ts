/**
 * Wires the outbound-event hub and the sandbox inspection routes into a running sandbox (startBitrix24Sandbox
 * calls it; the hub is `sandbox.events`):
 * - `GET /__sandbox/events` → `{applicationToken, bindings, deliveries, offline}` (what the portal did);
 * - `GET /__sandbox/notifications[?userId=2]` → notifications sent with im.notify.*;
 * - `POST /__sandbox/outgoing-webhooks` `{"handler": "https://…", "events": ["ONCRMDYNAMICITEMUPDATE"]}` →
 *   `{"application_token": …}`: what configuring an outgoing webhook in the portal UI does. It is how a
 *   webhook-only integration receives events (a real portal refuses event.bind over an inbound webhook).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendError, sendJson } from '../envelope';
import { readRequestBody } from '../request-body';
import { sentNotifications } from '../methods/notify';
import type { Bitrix24Store } from '../store';
import { addBinding, bindingsTable, findDuplicate } from './bindings';
import { isKnownEvent } from './catalogue';
import { type EventHub, eventHubFor, type EventHubOptions } from './hub';
import { offlineTable } from './offline-queue';

/** The parts of a started sandbox this needs (structural, so it works with the transport's return value). */
export interface EventsHost {
  store: Bitrix24Store;
  httpUrl: string;
  httpsUrl?: string;
  options: { applicationToken: string; domain: string };
  registerRoute(
    method: string,
    pathPrefix: string,
    handler: (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>,
  ): void;
}

export function installEvents(sandbox: EventsHost, options: EventHubOptions = {}): EventHub {
  const hub = eventHubFor(sandbox.store, {
    applicationToken: sandbox.options.applicationToken,
    domain: sandbox.options.domain,
    portalUrl: sandbox.httpsUrl ?? sandbox.httpUrl,
    ...options,
  });
  sandbox.registerRoute('GET', '/__sandbox/notifications', (_req, res, url) => {
    const userId = url.searchParams.get('userId');
    sendJson(res, 200, sentNotifications(sandbox.store, userId ? Number(userId) : undefined));
  });
  sandbox.registerRoute('GET', '/__sandbox/events', (_req, res) => {
    sendJson(res, 200, {
      applicationToken: hub.applicationToken,
      bindings: bindingsTable(sandbox.store).all(),
      deliveries: hub.deliveries,
      offline: offlineTable(sandbox.store).all(),
    });
  });
  sandbox.registerRoute('POST', '/__sandbox/outgoing-webhooks', async (req, res) => {
    const parsed = outgoingWebhookSchema.safeParse(safeJson((await readRequestBody(req)).toString('utf8')));
    if (!parsed.success)
      return sendError(res, 400, 'INVALID_REQUEST', parsed.error.issues[0]?.message ?? 'invalid');
    const unknown = parsed.data.events.find((e) => !isKnownEvent(e.toUpperCase()));
    if (unknown) return sendError(res, 400, 'ERROR_EVENT_NOT_FOUND', `Event not found: ${unknown}`);
    for (const event of parsed.data.events) {
      const fields = {
        EVENT_NAME: event.toUpperCase(),
        EVENT_HANDLER: parsed.data.handler,
        USER_ID: 0,
        CONNECTOR_ID: '',
        OFFLINE: false,
        OPTIONS: {},
      };
      if (!findDuplicate(sandbox.store, fields)) addBinding(sandbox.store, fields);
    }
    sendJson(res, 200, { application_token: hub.applicationToken });
  });
  return hub;
}

const outgoingWebhookSchema = z.object({
  handler: z.string().url(),
  events: z.array(z.string().min(1)).min(1),
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
