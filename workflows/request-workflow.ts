/**
 * One durable workflow per Bitrix24 request («заявка»):
 * validate → ensure the counterparty → create and post the 1C document → mirror statuses until final.
 * Every step lands in the 1C register «ИсторияВзаимодействий»; Temporal's history is the detailed audit trail.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  ContinueAsNew,
  continueAsNew,
  isCancellation,
  patched,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { createStatusMap } from '../domain/status-map';
import { initialSyncState, readInstant } from '../domain/status-sync';
import type { BitrixStage, RequestDocument } from '../activities/contract';
import type { RequestSnapshot } from '../domain/request';
import { activities } from './activities';
import { governed } from './governed';
import { adoptOneCDocument } from './adopt-onec-document';
import { awaitValidRequest, type ValidRequest } from './await-valid-request';
import { ensureCounterparty } from './ensure-counterparty';
import { dropCovered, installHandlers, type Inbox } from './inbox';
import { createJournal, type Journal } from './journal';
import { enterPhase, publishState } from './publish-state';
import type { RequestSettings } from './request-settings';
import type { RequestState } from './request-state';
import {
  B24_ITEM_ID,
  COUNTERPARTY_INN,
  INN_NOT_SEARCHABLE,
  ONEC_NUMBER,
  REQUEST_STATUS,
} from './search-attributes';
import { syncStatuses, wroteItem } from './sync-statuses';
import { handOverToNewItem, ItemReplaced } from './replaced-item';
import { closedWithoutDocument, settleVanishedDocument, vanishedHow } from './vanished-document';

export interface RequestWorkflowInput {
  itemId: number;
  settings: RequestSettings;
  /** Set by continue-as-new: the state of the previous run. */
  resume?: RequestState;
}

export type RequestOutcome = Pick<RequestState, 'phase' | 'document' | 'counterparty'> & {
  status: string | null;
};

export async function requestWorkflow(input: RequestWorkflowInput): Promise<RequestOutcome> {
  const state: RequestState = input.resume ?? newState(input.itemId);
  const inbox = installHandlers(state);
  governed(); // the marker goes first in a new run's history (see governed.ts)
  const journal = createJournal(state, input.settings.entityTypeId);
  publishState(state);
  upsertSearchAttributes([{ key: B24_ITEM_ID, value: input.itemId }]);
  // A fresh run for the same item id: after a vanished document ("recreate") or for a newer item.
  const startOver = async (): Promise<never> => {
    await journal.settled();
    return continueAsNew<typeof requestWorkflow>({ itemId: input.itemId, settings: input.settings });
  };
  try {
    if (!input.resume && !(await reachDocument(state, inbox, input.settings, journal))) {
      await journal.settled();
      return outcome(state);
    }
    await syncStatuses(state, inbox, input.settings, journal, (s) =>
      continueAsNew<typeof requestWorkflow>({ ...input, resume: s }),
    );
    await journal({ step: 'completed', status: state.sync?.status ?? '' });
    await journal.settled();
    return outcome(state);
  } catch (err) {
    if (err instanceof ItemReplaced) return handOverToNewItem(state, err, journal, startOver);
    const vanished = vanishedHow(err);
    if (vanished) {
      await settleVanishedDocument(state, vanished, input.settings, journal, startOver);
      await journal.settled();
      return outcome(state);
    }
    if (!(err instanceof ContinueAsNew) && !isCancellation(err)) await reportFailure(journal, state, err);
    throw err;
  }
}

/**
 * Everything up to a posted 1C document linked back to Bitrix24; false when the item was deleted, or is
 * closed without a document (workflows/vanished-document.ts).
 */
async function reachDocument(
  state: RequestState,
  inbox: Inbox,
  settings: RequestSettings,
  journal: Journal,
): Promise<boolean> {
  // An item that already names its 1C document (e.g. one created from 1C) never gets a second one. The patch
  // marker keeps runs started before this step existed replaying as they were recorded.
  // Validation starts from the adoption step's read of the item (one Bitrix24 call less per request); the
  // events that read already covers — the one that started this workflow — are dropped before it.
  const reuseRead = patched('validate-first-read');
  if (reuseRead) dropCovered(state, inbox);
  const read: { request?: RequestSnapshot | null } = {};
  const adopted = patched('adopt-onec-document') ? await adoptOneCDocument(state, journal, read) : null;
  if (adopted) {
    seedStatusSync(state, inbox, settings, adopted.document, adopted.stage, adopted.readStartedMs);
    return true;
  }
  const firstRead = reuseRead ? read.request : undefined;
  const valid = await awaitValidRequest(state, inbox, settings, journal, firstRead);
  if (!valid) {
    enterPhase(state, 'deleted');
    await journal({ step: 'deleted' });
    return false;
  }
  // Behind a patch marker like the adoption step: runs recorded before it replay unchanged.
  if (patched('closed-without-document') && (await closedWithoutDocument(valid.request, settings))) {
    state.phase = 'cancelled';
    return false;
  }
  await linkCounterparty(state, valid, settings, journal);
  await createDocument(state, inbox, valid, settings, journal);
  return true;
}

async function linkCounterparty(
  state: RequestState,
  { request }: ValidRequest,
  settings: RequestSettings,
  journal: Journal,
): Promise<void> {
  enterPhase(state, 'ensuring-counterparty');
  // Validation guarantees a client; the check keeps the type system honest.
  if (!request.client) throw ApplicationFailure.nonRetryable('validated request has no client');
  const counterparty = await ensureCounterparty({
    client: request.client,
    order: settings.matchingOrder,
    clientTypes: settings.clientTypes,
    ...(settings.lockSalt ? { lockSalt: settings.lockSalt } : {}),
  });
  state.counterparty = {
    ref: counterparty.ref,
    inn: counterparty.inn,
    name: counterparty.name,
    created: counterparty.via === 'created',
  };
  // Search attributes are indexed in clear (the payload codec does not reach them), so the client's INN
  // is no longer one; runs started before this change replay their INN upsert unchanged.
  if (counterparty.inn && !patched(INN_NOT_SEARCHABLE)) {
    upsertSearchAttributes([{ key: COUNTERPARTY_INN, value: counterparty.inn }]);
  }
  if (counterparty.via === 'created') {
    await journal({ step: 'counterparty-created', name: counterparty.name });
    return;
  }
  await journal({
    step: 'counterparty-found',
    name: counterparty.name,
    rule: counterparty.via,
    value: counterparty.matchedValue,
  });
  if (counterparty.filled.length > 0)
    await journal({ step: 'counterparty-updated', fields: counterparty.filled });
}

async function createDocument(
  state: RequestState,
  inbox: Inbox,
  { request, requestType }: ValidRequest,
  settings: RequestSettings,
  journal: Journal,
): Promise<void> {
  enterPhase(state, 'creating-document');
  const readStartedMs = Date.now();
  const document = await activities.ensureRequestDocument({
    request,
    counterpartyRef: state.counterparty?.ref ?? '',
    requestType,
    initialStatus: settings.stages[0]?.status ?? 'Новая',
  });
  state.document = { ref: document.ref, number: document.number };
  const attach = () =>
    activities.attachEarlierHistory({
      entityTypeId: settings.entityTypeId,
      itemId: state.itemId,
      requestRef: document.ref,
      counterpartyRef: state.counterparty?.ref ?? null,
    });
  // The rows written before the document existed go under it once they are all in 1C (a row that failed
  // for good is reported by the journal at the end, as ever) — alongside the link to Bitrix24, which does
  // not wait for them. Runs recorded before that (or before the step existed) replay it as they did.
  let attachFailure: unknown;
  const attached = patched('attach-beside-link')
    ? journal
        .settled()
        .catch(() => undefined)
        .then(attach)
        .then(
          () => undefined,
          (err: unknown) => void (attachFailure = err ?? new Error('attaching history failed')),
        )
    : patched('attach-earlier-history')
      ? void (await attach())
      : undefined;
  upsertSearchAttributes([
    { key: ONEC_NUMBER, value: document.number },
    { key: REQUEST_STATUS, value: document.status },
  ]);
  if (document.created) await journal({ step: 'document-created', number: document.number });
  await journal({ step: 'document-posted', number: document.number });
  const linked = await activities.linkDocumentInBitrix({
    itemId: state.itemId,
    document,
    counterpartyName: request.client?.name ?? '',
  });
  // null: the item was deleted while the document was being made; the status mirror finds out and closes it.
  if (linked) wroteItem(state, linked.updatedTime);
  await attached;
  if (attachFailure !== undefined) throw attachFailure;
  await journal({ step: 'linked', number: document.number });
  seedStatusSync(
    state,
    inbox,
    settings,
    document,
    linked ?? { stageId: request.stageId, updatedTime: '' },
    readStartedMs,
  );
}

/**
 * Starts the mirror with both sides agreeing on the side that is authoritative right now, and queues the
 * other side's current value as a change: for a new document Bitrix24 leads (the manager may have moved
 * the stage while we worked: the stage our link write saw is that change); for a document that already
 * existed (a later run) 1C leads.
 */
function seedStatusSync(
  state: RequestState,
  inbox: Inbox,
  settings: RequestSettings,
  document: RequestDocument,
  linked: BitrixStage,
  /** When 1C was asked for the document (and its status). */
  readStartedMs: number,
): void {
  const map = createStatusMap(settings.stages, settings.finalStatuses);
  const { stageId } = linked;
  if (document.created) {
    state.sync = initialSyncState(document.status, map.stageForStatus(document.status) ?? stageId);
    if (governed() && linked.updatedTime) inbox.stages.push(linked);
    else inbox.bitrix.push({ event: 'update', ts: 0 });
    return;
  }
  state.sync = initialSyncState(map.statusForStage(stageId) ?? document.status, stageId);
  inbox.onec.push({
    eventId: `current-${document.ref}`,
    status: document.status,
    // As read: stamped with the workflow's clock now, it could outrank a 1C change made right after the
    // read (1C's times are whole seconds) and undo it.
    occurredAt: patched('seed-read-instant') ? readInstant(readStartedMs) : new Date().toISOString(),
    initiator: 'user',
  });
}

async function reportFailure(journal: Journal, state: RequestState, err: unknown): Promise<void> {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  const error = cause instanceof Error ? cause.message : String(cause);
  const action = state.phase;
  enterPhase(state, 'failed');
  try {
    await journal({ step: 'error', action, error });
    await journal.settled();
  } catch {
    // 1C itself may be what failed; the workflow failure in Temporal still carries the message.
  }
}

function newState(itemId: number): RequestState {
  return {
    phase: 'validating',
    itemId,
    title: '',
    problems: [],
    escalated: false,
    counterparty: null,
    document: null,
    sync: null,
    notes: [],
    seenEventIds: [],
    ownWrites: [],
  };
}

function outcome(state: RequestState): RequestOutcome {
  return {
    phase: state.phase,
    document: state.document,
    counterparty: state.counterparty,
    status: state.sync?.status ?? null,
  };
}
