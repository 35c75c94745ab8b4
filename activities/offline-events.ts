/**
 * The offline event queue of Bitrix24 (event.offline.*), read as the application: take a batch under a
 * process id, hand each event to its request workflow exactly as the webhook receiver does
 * (client/item-events), then park the unreadable ones (`event.offline.error`) and confirm the rest
 * (`event.offline.clear`). The queue's methods answer to an application's OAuth token only; the token pair
 * travels in and out of every activity because it lives in the reader workflow (Temporal is the one store).
 */
import { Context } from '@temporalio/activity';
import { z } from 'zod';
import { dispatchItemEvent } from '../client/item-events';
import type { RequestSignals } from '../client/request-dispatcher';
import { ITEM_EVENTS } from '../domain/bitrix-event';
import { itemEventOfRow, offlineEventRowSchema, type OfflineEventRow } from '../domain/offline-event';
import type { Bitrix24Client } from './bitrix24/client';
import { Bitrix24Error } from './bitrix24/errors';
import { refreshTokens, type OAuthApplication, type OAuthTokens } from './bitrix24/oauth';

export interface OfflineEventsDeps {
  /** The governed webhook client: application calls share the portal's budget with it. */
  bitrix: Bitrix24Client;
  signals: RequestSignals;
  entityTypeId: number;
  application: OAuthApplication;
  /** `https://<portal>/rest/`. */
  restUrl: string;
  batchSize: number;
  timeoutMs?: number;
}

export interface OfflineBatch {
  /** Null when nothing was waiting. */
  processId: string | null;
  events: OfflineEventRow[];
  tokens: OAuthTokens;
}

export interface HandOverReport {
  dispatched: number;
  ignored: number;
  /** MESSAGE_IDs of rows that cannot be handed on (no item id): they go to event.offline.error. */
  failed: string[];
}

const getAnswerSchema = z.object({
  process_id: z.string().nullable().optional(),
  events: z.array(offlineEventRowSchema),
});
const listRowSchema = z.object({ PROCESS_ID: z.string() }).passthrough();

/** A call the access token no longer opens, and a refresh is the documented cure. */
const needsRefresh = (err: unknown) =>
  err instanceof Bitrix24Error && (err.code === 'expired_token' || err.code === 'invalid_token');

export function createOfflineEventActivities(deps: OfflineEventsDeps) {
  const refresh = (tokens: OAuthTokens) =>
    refreshTokens(deps.application, tokens.refreshToken, { timeoutMs: deps.timeoutMs });

  /** Runs `work` as the application; an expired access token is refreshed once and the call repeated. */
  async function asApplication<T>(
    tokens: OAuthTokens,
    work: (client: Bitrix24Client) => Promise<T>,
  ): Promise<{ value: T; tokens: OAuthTokens }> {
    let current = tokens.accessToken ? tokens : await refresh(tokens);
    try {
      return {
        value: await work(deps.bitrix.asApplication(deps.restUrl, current.accessToken)),
        tokens: current,
      };
    } catch (err) {
      if (!needsRefresh(err)) throw err;
      current = await refresh(current);
      return {
        value: await work(deps.bitrix.asApplication(deps.restUrl, current.accessToken)),
        tokens: current,
      };
    }
  }

  /** Binds the item events as offline events; a binding that already exists is fine. */
  async function bindOfflineEvents(tokens: OAuthTokens): Promise<OAuthTokens> {
    const done = await asApplication(tokens, async (client) => {
      for (const event of ITEM_EVENTS) {
        try {
          await client.call('event.bind', { event, event_type: 'offline' }, z.unknown());
        } catch (err) {
          const already = err instanceof Bitrix24Error && /already bind/i.test(err.description);
          if (!already) throw err;
        }
      }
    });
    return done.tokens;
  }

  /**
   * A batch under a process id. Rows still reserved by an earlier process (its answer was lost, or the
   * reader stopped before confirming) come first: the reader is the queue's only consumer, so they are ours.
   * Looking for them costs a call, so it is done only where they can exist: when the workflow says so (first
   * round of a run, a round after a failed one) and on a retry of this activity (the first answer was lost).
   */
  async function takeOfflineEvents(input: {
    tokens: OAuthTokens;
    lookForReserved: boolean;
  }): Promise<OfflineBatch> {
    const lookForReserved = input.lookForReserved || Context.current().info.attempt > 1;
    const done = await asApplication(input.tokens, async (client) => {
      const reserved = lookForReserved
        ? await client.call(
            'event.offline.list',
            { filter: { '!PROCESS_ID': '' }, order: { ID: 'ASC' } },
            z.array(listRowSchema),
          )
        : [];
      const earlier = reserved[0]?.PROCESS_ID;
      return client.call(
        'event.offline.get',
        { clear: 0, limit: deps.batchSize, ...(earlier ? { process_id: earlier } : {}) },
        getAnswerSchema,
      );
    });
    const { events, process_id } = done.value;
    return { processId: events.length > 0 ? (process_id ?? null) : null, events, tokens: done.tokens };
  }

  /** Every row to its request workflow, by the receiver's own signal-with-start. */
  async function handOverOfflineEvents(events: OfflineEventRow[]): Promise<HandOverReport> {
    const report: HandOverReport = { dispatched: 0, ignored: 0, failed: [] };
    for (const row of events) {
      const reading = itemEventOfRow(row);
      if (!reading.ok) {
        report.failed.push(row.MESSAGE_ID);
        continue;
      }
      const outcome = await dispatchItemEvent(deps.signals, deps.entityTypeId, reading.event);
      if ('ignored' in outcome) report.ignored += 1;
      else report.dispatched += 1;
    }
    return report;
  }

  /** Parks the failed rows (ERROR=1, kept for a look), then confirms the rest of the process. */
  async function settleOfflineEvents(input: {
    tokens: OAuthTokens;
    processId: string;
    failed: string[];
  }): Promise<OAuthTokens> {
    const done = await asApplication(input.tokens, async (client) => {
      if (input.failed.length > 0) {
        await client.call(
          'event.offline.error',
          { process_id: input.processId, message_id: input.failed },
          z.unknown(),
        );
      }
      await client.call('event.offline.clear', { process_id: input.processId }, z.unknown());
    });
    return done.tokens;
  }

  return { bindOfflineEvents, takeOfflineEvents, handOverOfflineEvents, settleOfflineEvents };
}

export type OfflineEventActivities = ReturnType<typeof createOfflineEventActivities>;
