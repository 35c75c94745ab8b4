/**
 * The long tail of a request: mirror status changes both ways until a final status has been mirrored.
 * Changes come from Bitrix24 events (the stage is re-read: events carry ids only), from 1C notifications,
 * and — where the 1C extension is not installed — from polling 1C. The pure rules in domain/status-sync
 * decide what each change means (mirror, our own echo, stale, conflict).
 */
import { condition, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  DEFAULT_NOTIFY_ON_ONEC_STATUSES,
  itemUrl,
  onecStatusMessage,
  statusTitle,
} from '../domain/onec-request';
import {
  applyStatusChange,
  readInstant,
  recordWrite,
  type StatusChange,
  type StatusDecision,
} from '../domain/status-sync';
import { portalSeconds, rememberWrite, sortOutEchoes } from '../domain/own-writes';
import { newEvents } from '../domain/duplicate-deliveries';
import { createStatusMap, type StatusMap } from '../domain/status-map';
import { activities } from './activities';
import { collapsingDeliveries, governed } from './governed';
import { closeDeletedRequest } from './close-deleted-request';
import { hasAnyNews, markSeen, type Inbox } from './inbox';
import type { Journal } from './journal';
import { enterPhase } from './publish-state';
import type { RequestSettings } from './request-settings';
import type { RequestState } from './request-state';
import { checkSameItem } from './replaced-item';
import { REQUEST_STATUS } from './search-attributes';

/** Keep histories short enough to replay fast; the state travels to the next run. */
const MAX_HISTORY_EVENTS = 5_000;

export async function syncStatuses(
  state: RequestState,
  inbox: Inbox,
  settings: RequestSettings,
  journal: Journal,
  continueWith: (state: RequestState) => Promise<never>,
): Promise<void> {
  const map = createStatusMap(settings.stages, settings.finalStatuses);
  enterPhase(state, 'syncing-status');
  for (;;) {
    if (settled(state, map) && !hasAnyNews(inbox)()) {
      enterPhase(state, 'completed');
      return;
    }
    if (!hasAnyNews(inbox)() && historyTooLong(settings)) {
      // Pending history writes would be abandoned by continue-as-new; news that came meanwhile goes first.
      await journal.settled();
      if (!hasAnyNews(inbox)()) await continueWith(state);
    }
    const changes = await nextChanges(state, inbox, settings.onecPollIntervalMs);
    if (changes === ITEM_DELETED) return closeDeletedRequest(state, settings, journal);
    for (const change of changes) await apply(state, change, map, journal, settings);
  }
}

/** Both systems agree on a final status: nothing left to mirror. */
function settled({ sync }: RequestState, map: StatusMap): boolean {
  return sync !== null && map.isFinalStatus(sync.status) && map.stageForStatus(sync.status) === sync.stageId;
}

function historyTooLong(settings: RequestSettings): boolean {
  const info = workflowInfo();
  return (
    info.continueAsNewSuggested || info.historyLength > (settings.historyEventLimit ?? MAX_HISTORY_EVENTS)
  );
}

/** The Bitrix24 item is gone: there is nothing left to mirror to. */
const ITEM_DELETED = 'item-deleted';

/** Waits for news from either system; with polling on, a quiet interval means "ask 1C". */
async function nextChanges(
  state: RequestState,
  inbox: Inbox,
  pollMs: number | null,
): Promise<StatusChange[] | typeof ITEM_DELETED> {
  if (pollMs === null) await condition(hasAnyNews(inbox));
  else if (!(await condition(hasAnyNews(inbox), pollMs))) return pollOneC(state);
  return collectChanges(state, inbox);
}

/**
 * 1C changes in the order they happened, then Bitrix24: the echoes of our own writes need no read (a
 * mirrored stage comes back as the value we wrote, which the sync rules recognise), and any number of
 * other events cost one re-read — which supersedes stages we learnt from our own writes.
 */
async function collectChanges(
  state: RequestState,
  inbox: Inbox,
): Promise<StatusChange[] | typeof ITEM_DELETED> {
  const onec = inbox.onec.splice(0).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const changes: StatusChange[] = onec.map((e) => {
    markSeen(state, e.eventId);
    return { source: 'onec', value: e.status, occurredAt: e.occurredAt, initiator: e.initiator };
  });
  const delivered = inbox.bitrix.splice(0);
  // Copies of one event delivered to several handlers are one event, not news after our echo.
  let events = delivered;
  if (collapsingDeliveries()) {
    const sorted = newEvents(state.recentDeliveries ?? [], delivered);
    state.recentDeliveries = sorted.remembered;
    events = sorted.fresh;
  }
  const { echoes, news, writes } = governed()
    ? sortOutEchoes(state.ownWrites ?? [], events)
    : { echoes: [], news: events, writes: state.ownWrites ?? [] };
  state.ownWrites = writes;
  const known = inbox.stages.splice(0);
  for (const echo of echoes) {
    // Fed to the sync rules only while they still expect it: then it is recognised as our echo and spent.
    const expected = state.sync?.expectedEchoes.some(
      (e) => e.system === 'bitrix24' && e.value === echo.stageId,
    );
    if (echo.stageId && expected)
      changes.push({ source: 'bitrix24', value: echo.stageId, occurredAt: isoSecond(echo.at) });
  }
  if (news.length > 0) {
    const stage = await activities.readBitrixStage(state.itemId);
    if (!stage) return ITEM_DELETED;
    checkSameItem(state, stage.createdTime);
    changes.push({ source: 'bitrix24', value: stage.stageId, occurredAt: stage.updatedTime });
  } else {
    for (const stage of known)
      changes.push({ source: 'bitrix24', value: stage.stageId, occurredAt: stage.updatedTime });
  }
  return changes;
}

const isoSecond = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();

/** Remembers a write of ours to the item, so its update event is not mistaken for news. */
export function wroteItem(state: RequestState, updatedTime: string, stageId?: string): void {
  state.ownWrites = rememberWrite(state.ownWrites ?? [], {
    at: portalSeconds(updatedTime),
    ...(stageId ? { stageId } : {}),
  });
}

async function pollOneC({ document, sync }: RequestState): Promise<StatusChange[]> {
  if (!document || !sync) return [];
  const readStartedMs = Date.now();
  const status = await activities.readOneCStatus(document.ref);
  if (status === sync.status) return [];
  // As read, so a change a 1C user makes right after the read is never taken for older than it.
  const occurredAt = patched('read-instant') ? readInstant(readStartedMs) : new Date().toISOString();
  return [{ source: 'onec', value: status, occurredAt, initiator: 'user' }];
}

async function apply(
  state: RequestState,
  change: StatusChange,
  map: StatusMap,
  journal: Journal,
  settings: RequestSettings,
): Promise<void> {
  if (!state.sync || !state.document) return;
  const { decision, state: next } = applyStatusChange(state.sync, change, map);
  state.sync = next;
  const action = decision.kind === 'conflict' ? decision.resolution : decision;
  note(state, change, decision);
  if (decision.kind === 'conflict') {
    const kept = decision.winner === 'onec' ? next.status : next.stageId;
    await journal(
      { step: 'conflict', winner: decision.winner, kept, rejected: decision.rejected.value },
      occurrence(),
    );
  }
  if (action.kind === 'mirror-to-onec') {
    await activities.mirrorStatusToOneC({ documentRef: state.document.ref, status: action.status });
    wroteTo(state, 'onec', wholeSecond(new Date().toISOString()));
    await journal({ step: 'status-to-onec', stageId: next.stageId, status: action.status }, occurrence());
  } else if (action.kind === 'mirror-to-bitrix') {
    const written = await activities.mirrorStageToBitrix({
      itemId: state.itemId,
      stageId: action.stageId,
      comment: `Статус в 1С (документ ${state.document.number}) изменён на «${next.status}»`,
    });
    wroteTo(state, 'bitrix24', written.updatedTime);
    wroteItem(state, written.updatedTime, action.stageId);
    await journal({ step: 'status-to-bitrix', status: next.status, stageId: action.stageId }, occurrence());
    if (written.assignedById) await tellManager(state, next.status, written.assignedById, settings, journal);
  } else {
    return;
  }
  upsertSearchAttributes([{ key: REQUEST_STATUS, value: next.status }]);
}

/**
 * 1C moved the request: besides the timeline comment, the responsible manager gets a notification with a
 * link to the item for the configured statuses. Informing the client is left to Bitrix24's own automation
 * rules on the stage (README), so this workflow never talks to clients.
 */
async function tellManager(
  state: RequestState,
  status: string,
  userId: number,
  settings: RequestSettings,
  journal: Journal,
): Promise<void> {
  const statuses: readonly string[] = settings.notifyOnOneCStatuses ?? DEFAULT_NOTIFY_ON_ONEC_STATUSES;
  if (!statuses.includes(status) || !state.document) return;
  const url = settings.portalUrl ? itemUrl(settings.portalUrl, settings.entityTypeId, state.itemId) : null;
  const message = onecStatusMessage({
    itemId: state.itemId,
    documentNumber: state.document.number,
    status,
    url,
  });
  // The mirror already left a timeline comment; the manager needs only the notification.
  await activities.notifyManager({ itemId: state.itemId, userId, message, timelineComment: false });
  await journal({ step: 'manager-notified', userId, status: statusTitle(status) }, occurrence());
}

/**
 * After a mirror the newest value lives in the system we wrote to. Both systems stamp changes to the second,
 * so a later change made there in the same second must not look older than our write (stale) or
 * simultaneous with the change we mirrored (conflict): the last change becomes our write, in that system's
 * own clock where it tells us (Bitrix24 `updatedTime`), else ours truncated to the second.
 */
function wroteTo(state: RequestState, system: 'bitrix24' | 'onec', at: string): void {
  if (!state.sync) return;
  // Without the carried time, a change the other system made while our write was under way, stamped a
  // second before it, was taken for older than our copy and dropped.
  state.sync = patched('write-carries-change')
    ? recordWrite(state.sync, system, at)
    : { ...state.sync, lastChange: { source: system, at } };
}

function wholeSecond(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}

/** Distinguishes repeated mirror steps of one request; deterministic on replay. */
function occurrence(): string {
  return `${workflowInfo().runId.slice(0, 8)}-${workflowInfo().historyLength}`;
}

function describe(source: 'bitrix24' | 'onec'): string {
  return source === 'onec' ? '1С' : 'Битрикс24';
}

function note(state: RequestState, change: StatusChange, decision: StatusDecision): void {
  if (decision.kind === 'echo' || decision.kind === 'unchanged') return;
  const line = `${change.occurredAt} ${describe(change.source)} «${change.value}»: ${decision.kind}`;
  state.notes = [...state.notes, line].slice(-50);
}
