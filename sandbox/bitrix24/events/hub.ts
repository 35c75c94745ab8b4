/**
 * The outbound-event side of a sandbox portal. Every `store.emit` goes to the event's bindings: offline
 * bindings queue it (see offline-queue), online ones get an asynchronous form POST that is never retried — a
 * handler that is down loses the event, as on a real portal. Event faults (drop, duplicate, reorder, delay)
 * come from the portal's fault controller.
 */
import { randomBytes } from 'node:crypto';
import { faultsFor } from '../faults';
import type { Bitrix24Store, PortalEvent } from '../store';
import { bindingsFor, type EventBinding } from './bindings';
import { type AuthBlock, encodePayload } from './delivery';
import { enqueueOffline } from './offline-queue';
import { OnlineSender, type Outgoing } from './online-sender';

const MAX_RECORDS = 1000;

export interface EventHubOptions {
  /** `auth[application_token]` of every delivery; random when absent. */
  applicationToken?: string;
  /** `auth[member_id]`; random when absent. */
  memberId?: string;
  /** `auth[domain]`; the host of the portal URL when absent. */
  domain?: string;
  /** `https://host:port` of the portal; learnt from REST calls when absent. */
  portalUrl?: string;
  /** How long the portal waits for a handler before giving up on the call. */
  deliveryTimeoutMs?: number;
  /** `EVENT_ADDITIONAL.user_id` of queued offline events (the user whose action raised them). */
  actingUserId?: number;
  /** Where lost deliveries are reported; console.warn by default. */
  log?: (line: string) => void;
}

export interface DeliveryRecord {
  event: string;
  handler: string;
  bindingId: number;
  body: string;
  status: 'delivered' | 'failed' | 'dropped';
  httpStatus?: number;
  error?: string;
}

export class EventHub {
  readonly applicationToken: string;
  readonly memberId: string;
  /** Every online delivery attempt, in completion order — for tests and the sandbox log route. */
  readonly deliveries: DeliveryRecord[] = [];
  private portalUrl: string;
  private readonly sender: OnlineSender;
  private readonly log: (line: string) => void;
  private readonly listener = (event: PortalEvent) => this.dispatch(event);
  /** Per ONOFFLINEEVENT binding: when it was last notified and the pending notification, if any. */
  private readonly offlineNotices = new Map<number, { last: number; timer?: NodeJS.Timeout }>();

  constructor(
    private readonly store: Bitrix24Store,
    private readonly options: EventHubOptions = {},
  ) {
    this.applicationToken = options.applicationToken ?? randomBytes(16).toString('hex');
    this.memberId = options.memberId ?? randomBytes(16).toString('hex');
    this.portalUrl = options.portalUrl ?? 'https://sandbox.bitrix24.local';
    this.log = options.log ?? ((line) => console.warn(`[bitrix24-sandbox events] ${line}`));
    this.sender = new OnlineSender(faultsFor(store), options.deliveryTimeoutMs ?? 10_000, (o, outcome) =>
      this.record(o, outcome),
    );
    store.events.on('event', this.listener);
  }

  /** Called by REST handlers so `auth[domain]`/`client_endpoint` name the address clients really use. */
  learnPortalUrl(url: string): void {
    if (!this.options.portalUrl) this.portalUrl = url.replace(/\/+$/, '');
  }

  authBlock(): AuthBlock {
    return {
      domain: this.options.domain ?? new URL(this.portalUrl).host,
      client_endpoint: `${this.portalUrl}/rest/`,
      server_endpoint: 'https://oauth.bitrix.info/rest/',
      member_id: this.memberId,
      application_token: this.applicationToken,
    };
  }

  /** Resolves once every delivery started so far has finished (or was dropped). */
  idle(): Promise<void> {
    return this.sender.idle();
  }

  close(): void {
    this.store.events.off('event', this.listener);
    for (const notice of this.offlineNotices.values()) clearTimeout(notice.timer);
    this.sender.close();
  }

  private dispatch(portalEvent: PortalEvent): void {
    const name = portalEvent.event.toUpperCase();
    const bindings = bindingsFor(this.store, name);
    const ts = Math.floor(Date.now() / 1000);
    const connectors = new Set(bindings.filter((b) => b.OFFLINE).map((b) => b.CONNECTOR_ID));
    for (const connectorId of connectors) {
      const additional = { user_id: String(this.options.actingUserId ?? 1) };
      enqueueOffline(this.store, { eventName: name, data: portalEvent.data, additional, connectorId });
    }
    if (connectors.size > 0) this.noticeOfflineQueue();
    for (const binding of bindings.filter((b) => !b.OFFLINE)) {
      this.sender.send(this.outgoing(binding, name, portalEvent.data, ts));
    }
  }

  /**
   * ONOFFLINEEVENT tells online handlers that the offline queue has news (with empty `data`): at most once per
   * `minTimeout` seconds (default 1); events raised together produce one notice.
   */
  private noticeOfflineQueue(): void {
    for (const binding of bindingsFor(this.store, 'ONOFFLINEEVENT').filter((b) => !b.OFFLINE)) {
      const notice = this.offlineNotices.get(binding.ID) ?? { last: 0 };
      this.offlineNotices.set(binding.ID, notice);
      if (notice.timer) continue;
      const minMs = (binding.OPTIONS.minTimeout ?? 1) * 1000;
      notice.timer = setTimeout(
        () => {
          notice.timer = undefined;
          notice.last = Date.now();
          const ts = Math.floor(notice.last / 1000);
          this.sender.send(this.outgoing(binding, 'ONOFFLINEEVENT', {}, ts));
        },
        Math.max(0, notice.last + minMs - Date.now()),
      );
    }
  }

  private outgoing(binding: EventBinding, name: string, data: Record<string, unknown>, ts: number): Outgoing {
    const body = encodePayload({
      event: name,
      event_handler_id: binding.ID,
      data,
      ts,
      auth: this.authBlock(),
    });
    return { event: name, handler: binding.EVENT_HANDLER, bindingId: binding.ID, body };
  }

  private record(
    o: Outgoing,
    outcome: { status: DeliveryRecord['status']; httpStatus?: number; error?: string },
  ) {
    this.deliveries.push({ ...o, ...outcome });
    // A long-running sandbox keeps only the recent history.
    if (this.deliveries.length > MAX_RECORDS) this.deliveries.splice(0, this.deliveries.length - MAX_RECORDS);
    if (outcome.status !== 'delivered') {
      const why =
        outcome.error ?? (outcome.httpStatus ? `HTTP ${outcome.httpStatus}` : 'dropped by fault injection');
      this.log(`${o.event} to ${o.handler} (handler #${o.bindingId}) lost: ${why}`);
    }
  }
}

const hubs = new WeakMap<Bitrix24Store, EventHub>();

/** The portal's event hub, created on first use (options only apply on creation). */
export function eventHubFor(store: Bitrix24Store, options?: EventHubOptions): EventHub {
  let hub = hubs.get(store);
  if (!hub) {
    hub = new EventHub(store, options);
    hubs.set(store, hub);
  }
  return hub;
}
