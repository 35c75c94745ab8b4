/**
 * The back-fill (`npm run backfill`): links the portal's existing companies and contacts to the 1C
 * counterparties they stand for, by the configured match order (Bitrix24 id, INN, phone, e-mail), through the
 * product's own link — the counterparty's `ИдКомпанииБитрикс24`, written by the same activities and the same
 * per-client counterparty workflow a request uses. A dry run (the default) only looks and reports; with
 * `apply` it links what it found and creates what is missing, each with a row in «ИсторияВзаимодействий».
 *
 * Companies first, then contacts, one chunk (a few pages of 50, read in one chained `batch`) per run: each
 * chunk ends in continue-as-new carrying the cursor and the counters, so the history stays short and a
 * restarted worker resumes at the chunk it was in. Progress is a query; the command line polls it.
 */
import { continueAsNew, defineQuery, executeChild, proxyActivities, setHandler } from '@temporalio/workflow';
import { HEARTBEAT_TIMEOUT } from './activity-options';
import type { BackfillActivities, ClientKind } from '../activities/backfill';
import type { ExportCursor } from '../activities/bitrix24/export';
import {
  emptyCounts,
  planLink,
  recordOutcome,
  type BackfillOutcome,
  type BackfillProgress,
} from '../domain/backfill';
import {
  bitrixClientKey,
  counterpartyDraft,
  type ClientTypeMapping,
  type MatchRule,
} from '../domain/counterparty';
import type { HistoryEvent } from '../domain/history';
import type { ClientSnapshot } from '../domain/request';
import { activities } from './activities';
import { counterpartyWorkflow } from './counterparty-workflow';
import { counterpartyWorkflowId } from './ensure-counterparty';
import { SHARED_CHILD, waitingTurn } from './exclusive-child';

export const backfillProgressQuery = defineQuery<BackfillProgress>('backfillProgress');

export interface BackfillInput {
  apply: boolean;
  order: MatchRule[];
  clientTypes: ClientTypeMapping;
  /** Secret salt of the INN lock's id (RequestSettings.lockSalt), as the product's counterparty workflow uses. */
  lockSalt?: string;
  /** Pages of 50 clients per chunk (one run); default 4. */
  pagesPerChunk?: number;
  /** Where the previous run stopped (set by continue-as-new). */
  resume?: { progress: BackfillProgress; cursor: ExportCursor };
}

export interface BackfillResult {
  progress: BackfillProgress;
}

const backfill = proxyActivities<BackfillActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const START: ExportCursor = { afterId: 0, done: false };
/** The CRM-wide entity type ids history rows of a client are keyed by. */
const ENTITY_TYPE_ID: Record<ClientKind, number> = { company: 4, contact: 3 };

export async function backfillWorkflow(input: BackfillInput): Promise<BackfillResult> {
  const progress: BackfillProgress = input.resume?.progress ?? {
    apply: input.apply,
    phase: 'company',
    total: null,
    processed: 0,
    counts: emptyCounts(),
    recent: [],
    startedAtMs: Date.now(),
  };
  let cursor = input.resume?.cursor ?? START;
  setHandler(backfillProgressQuery, () => progress);
  if (progress.total === null) progress.total = await backfill.countClients();
  if (progress.phase === 'done') return { progress };

  const chunk = await backfill.readClients({
    kind: progress.phase,
    cursor,
    pages: input.pagesPerChunk ?? 4,
  });
  for (const client of chunk.clients) await backfillClient(input, client, progress);
  cursor = chunk.cursor;
  if (cursor.done) {
    progress.phase = progress.phase === 'company' ? 'contact' : 'done';
    cursor = START;
  }
  if (progress.phase === 'done') return { progress };
  return continueAsNew<typeof backfillWorkflow>({ ...input, resume: { progress, cursor } });
}

async function backfillClient(input: BackfillInput, client: ClientSnapshot, progress: BackfillProgress) {
  const key = bitrixClientKey(client);
  const label = `${client.kind === 'company' ? 'company' : 'contact'} ${client.id}`;
  const found = await activities.findCounterparty({ client, order: input.order });
  const currentKey = found && found.via !== 'bitrixId' ? await backfill.counterpartyLink(found.ref) : key;
  const plan = planLink(
    found && found.via !== 'created' ? { via: found.via, currentKey } : null,
    key,
    input.apply,
  );
  const foundBy = found ? `«${found.name}» by ${found.via} ${found.matchedValue}`.trim() : '';
  const line = (outcome: BackfillOutcome, detail: string) =>
    recordOutcome(progress, { outcome, client: label, name: client.name, detail });

  switch (plan) {
    case 'already-linked':
    case 'would-link':
    case 'would-create':
      return line(plan, plan === 'would-create' ? '' : foundBy);
    case 'held-by-other':
      return line(plan, `${foundBy}, carries ${currentKey}`);
    case 'link': {
      if (!found || found.via === 'created') return;
      // The product's gap filling writes the Bitrix24 id into the counterparty (and what else 1C lacks).
      await activities.fillCounterpartyGaps({
        ref: found.ref,
        draft: counterpartyDraft(client, input.clientTypes),
      });
      await history(client, found.ref, {
        step: 'counterparty-linked',
        name: found.name,
        rule: found.via,
        value: found.matchedValue,
        client: label,
      });
      return line('linked', foundBy);
    }
    case 'create': {
      // The product's per-client lock: a request of this client running now cannot create a second one.
      const ensured = await waitingTurn(() =>
        executeChild(counterpartyWorkflow, {
          workflowId: counterpartyWorkflowId({ client }),
          args: [{ client, order: input.order, clientTypes: input.clientTypes, lockSalt: input.lockSalt }],
          ...SHARED_CHILD,
        }),
      );
      if (ensured.via === 'created') {
        await history(client, ensured.ref, { step: 'counterparty-created', name: ensured.name });
        return line('created', `«${ensured.name}»`);
      }
      return line('already-linked', `«${ensured.name}» by ${ensured.via}`);
    }
  }
}

/** A row in «ИсторияВзаимодействий» keyed by the client (`b24:4:<company>:<step>:backfill`): a replay adds none. */
async function history(client: ClientSnapshot, counterpartyRef: string, event: HistoryEvent): Promise<void> {
  await activities.recordHistory({
    entityTypeId: ENTITY_TYPE_ID[client.kind],
    itemId: client.id,
    event,
    discriminator: 'backfill',
    at: new Date().toISOString(),
    requestRef: null,
    counterpartyRef,
  });
}
