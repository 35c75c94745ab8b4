/**
 * The reader of Bitrix24's offline event queue — the inbound channel of a portal that cannot reach our
 * receiver (bitrix24.inbound "offline" or "both"). It never ends: bind the item events as offline events,
 * then round after round take a batch under a process id, hand each event to its request workflow as the
 * webhook receiver would, confirm the batch; an empty queue means a timer until the next round. The
 * application's token pair lives here, in the workflow's state, and moves on with continue-as-new.
 *
 * A failed round (portal down, authorisation withdrawn) is logged and tried again after the poll interval:
 * the reader outlives every outage. Rows taken but never confirmed stay reserved in the portal and are
 * taken again first (activities/offline-events), and a second delivery of an event is harmless: the
 * request workflows coalesce them.
 */
import {
  condition,
  continueAsNew,
  defineSignal,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { HEARTBEAT_TIMEOUT } from './activity-options';
import type { OfflineEventActivities } from '../activities/offline-events';
import type { OAuthTokens } from '../activities/bitrix24/oauth';

export interface OfflineEventsInput {
  tokens: OAuthTokens;
  /** The refresh token of the configuration this run started from; a different one signalled replaces the pair. */
  configuredRefreshToken: string;
  pollIntervalMs: number;
  batchSize: number;
}

/** Sent by every worker start: the configured refresh token, and "bind again" (the portal may have forgotten). */
export interface OfflineCredentials {
  refreshToken: string;
}
export const offlineCredentialsSignal = defineSignal<[OfflineCredentials]>('offlineCredentials');

const offline = proxyActivities<OfflineEventActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 5,
  },
});

/** Rounds per run before continue-as-new keeps the history short. */
const ROUNDS_PER_RUN = 200;

export async function offlineEventsWorkflow(input: OfflineEventsInput): Promise<never> {
  let tokens = input.tokens;
  let configured = input.configuredRefreshToken;
  let bound = false;
  // Rows an earlier process took but never confirmed can only exist at the start of a run or after a failed
  // round; only then is the queue asked for them (a call of the portal's budget on every poll otherwise).
  let maybeReserved = true;
  let offered: OfflineCredentials | undefined;
  setHandler(offlineCredentialsSignal, (credentials) => {
    offered = credentials;
  });

  for (let round = 1; ; round += 1) {
    if (offered) {
      // An administrator authorised the application again: the new refresh token wins over the kept pair.
      if (offered.refreshToken !== configured) {
        configured = offered.refreshToken;
        tokens = { accessToken: '', refreshToken: configured };
      }
      offered = undefined;
      bound = false;
    }
    let full = false;
    try {
      if (!bound) {
        tokens = await offline.bindOfflineEvents(tokens);
        bound = true;
      }
      const batch = await offline.takeOfflineEvents({ tokens, lookForReserved: maybeReserved });
      tokens = batch.tokens;
      if (batch.processId !== null) {
        const report = await offline.handOverOfflineEvents(batch.events);
        tokens = await offline.settleOfflineEvents({
          tokens,
          processId: batch.processId,
          failed: report.failed,
        });
        log.info('offline events handed over', {
          taken: batch.events.length,
          dispatched: report.dispatched,
          ignored: report.ignored,
          parked: report.failed.length,
        });
      }
      full = batch.events.length >= input.batchSize;
      maybeReserved = false;
    } catch (err) {
      maybeReserved = true;
      // Switching inbound back to "webhook" cancels the reader: that ends it, it is no failed round.
      if (isCancellation(err)) throw err;
      log.warn('offline event queue round failed; trying again after the poll interval', {
        // An activity failure's own message is generic; the cause names the portal's answer.
        error: err instanceof Error ? (err.cause instanceof Error ? err.cause : err).message : String(err),
      });
    }
    if (!full) await condition(() => offered !== undefined, input.pollIntervalMs);
    if (round >= ROUNDS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof offlineEventsWorkflow>({
        ...input,
        tokens,
        configuredRefreshToken: configured,
      });
    }
  }
}
