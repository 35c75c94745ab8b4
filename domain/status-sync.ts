/**
 * The decision at the heart of two-way status mirroring: given what we know and one observed change,
 * do we write to the other system, and what do we know afterwards? Pure and deterministic, so the
 * workflow can replay it.
 *
 * Guarantees:
 * - no echoes: our own writes come back as events; they are recognised (expected echo, or a 1C change
 *   flagged `initiator: 'integration'`) and not mirrored back;
 * - in order: a change that happened before the last applied one never overwrites it, nor one a system saw
 *   before our write into it (the write overwrote it there); each system's changes are ordered in its own
 *   clock, so a change made while our copy of the previous one was being written is never lost;
 * - a tie (same instant, different systems) is a conflict with a fixed winner (1C by default: it is the
 *   accounting system of record), and the loser is told the winning value so both systems agree.
 */
import type { StatusMap } from './status-map';

export type SyncSource = 'bitrix24' | 'onec';

export interface ExpectedEcho {
  system: SyncSource;
  /** Stage id for `bitrix24`, status name for `onec`. */
  value: string;
}

export interface StatusSyncState {
  /** Current 1C status (`PredefinedDataName`). */
  status: string;
  /** Current Bitrix24 stage id. */
  stageId: string;
  /**
   * The last change we applied (not merely observed), or our write that carried it to the other system
   * (recordWrite); null before any.
   */
  lastChange: LastChange | null;
  /** Our writes whose events have not come back yet, oldest first. */
  expectedEchoes: ExpectedEcho[];
}

export interface LastChange {
  source: SyncSource;
  /** In `source`'s own clock. */
  at: string;
  /**
   * Set when `at` is the time of our write into `source`: the time of the other system's change that the
   * write carried. A change from the other system is weighed against this, in that system's own clock —
   * not against the time of our copy, which it may precede while still being newer than what we copied.
   */
  carried?: string;
}

export interface StatusChange {
  source: SyncSource;
  /** Stage id when `source` is `bitrix24`, status name when `onec`. */
  value: string;
  /**
   * ISO-8601 instant WITH zone: Bitrix24 `updatedTime` (`…+03:00`), 1C `occurredAtUtc` (`…Z`). A naive time
   * (1C `occurredAt`) is refused as not comparable, since its meaning would depend on the worker's zone.
   */
  occurredAt: string;
  initiator?: 'user' | 'integration';
}

export type MirrorAction =
  { kind: 'mirror-to-onec'; status: string } | { kind: 'mirror-to-bitrix'; stageId: string };

export type StatusDecision =
  | MirrorAction
  | { kind: 'echo' }
  | { kind: 'stale' }
  | { kind: 'unchanged' }
  | { kind: 'unmapped'; value: string }
  | {
      kind: 'conflict';
      winner: SyncSource;
      /** The value that lost and is being overwritten. */
      rejected: { source: SyncSource; value: string };
      /** The write that makes both systems agree on the winner's value. */
      resolution: MirrorAction;
    };

export interface StatusSyncOptions {
  /** Who wins a tie; default `onec`. */
  conflictWinner?: SyncSource;
}

/** Bounded so a lost event cannot grow workflow state forever. */
export const MAX_EXPECTED_ECHOES = 8;

export function initialSyncState(status: string, stageId: string): StatusSyncState {
  return { status, stageId, lastChange: null, expectedEchoes: [] };
}

/**
 * The instant to give a 1C status that was read rather than reported as a change (the seed of a request's
 * mirror, a poll, reconciliation, the hand-over of a request born in 1C): one millisecond before the whole second in which the read began.
 * 1C stamps its changes in whole seconds, so a change made in that second after the read — which the read
 * did not see — still counts as newer than what was read, and is never undone by it.
 */
export function readInstant(readStartedMs: number): string {
  return new Date(Math.floor(readStartedMs / 1000) * 1000 - 1).toISOString();
}

/**
 * Records our write into `system` at `at` (that system's clock) as the last change: a change there made
 * before it was overwritten by it. It keeps the time of the change it carried (LastChange.carried).
 */
export function recordWrite(state: StatusSyncState, system: SyncSource, at: string): StatusSyncState {
  const last = state.lastChange;
  const carried = last && last.source !== system ? last.at : undefined;
  return { ...state, lastChange: { source: system, at, ...(carried ? { carried } : {}) } };
}

/** Records that we are about to write `value` to `system`, so its event is recognised as our echo. */
export function expectEcho(state: StatusSyncState, system: SyncSource, value: string): StatusSyncState {
  return {
    ...state,
    expectedEchoes: [...state.expectedEchoes, { system, value }].slice(-MAX_EXPECTED_ECHOES),
  };
}

export function applyStatusChange(
  state: StatusSyncState,
  change: StatusChange,
  map: StatusMap,
  options: StatusSyncOptions = {},
): { decision: StatusDecision; state: StatusSyncState } {
  const echoIndex = state.expectedEchoes.findIndex(
    (e) => e.system === change.source && e.value === change.value,
  );
  const flaggedByOneC = change.source === 'onec' && change.initiator === 'integration';
  if (echoIndex >= 0 || flaggedByOneC) {
    const expectedEchoes = state.expectedEchoes.filter((_, i) => i !== echoIndex);
    return { decision: { kind: 'echo' }, state: { ...state, expectedEchoes } };
  }

  const counterpart =
    change.source === 'bitrix24' ? map.statusForStage(change.value) : map.stageForStatus(change.value);
  if (counterpart === null) return { decision: { kind: 'unmapped', value: change.value }, state };

  const at = parseInstant(change.occurredAt);
  const last = reference(state.lastChange, change.source);
  const lastAt = last ? parseInstant(last.at) : Number.NaN;
  // Unparseable instants cannot be ordered; they are applied in arrival order instead of being dropped.
  const comparable = Number.isFinite(at) && Number.isFinite(lastAt);
  if (comparable && at < lastAt) return { decision: { kind: 'stale' }, state };

  const current = change.source === 'bitrix24' ? state.stageId : state.status;
  // Not recorded as lastChange: Bitrix24 moves updatedTime on any field edit, and treating that as a
  // status change would make a genuine, slightly older 1C status change look stale.
  if (change.value === current) return { decision: { kind: 'unchanged' }, state };

  const winner = options.conflictWinner ?? 'onec';
  const tie = comparable && at === lastAt && last !== null && last.source !== change.source;
  if (tie && change.source !== winner) {
    const resolution = mirrorOf(winner === 'onec' ? 'onec' : 'bitrix24', state);
    const target = resolution.kind === 'mirror-to-bitrix' ? 'bitrix24' : 'onec';
    return {
      decision: {
        kind: 'conflict',
        winner,
        rejected: { source: change.source, value: change.value },
        resolution,
      },
      state: expectEcho(state, target, valueOf(resolution)),
    };
  }

  const next = accept(state, change, counterpart, Number.isFinite(at));
  const action = mirrorOf(change.source, next);
  if (tie) {
    const loser = change.source === 'onec' ? 'bitrix24' : 'onec';
    const rejectedValue = loser === 'bitrix24' ? state.stageId : state.status;
    return {
      decision: {
        kind: 'conflict',
        winner,
        rejected: { source: loser, value: rejectedValue },
        resolution: action,
      },
      state: next,
    };
  }
  return { decision: action, state: next };
}

/**
 * What a change from `source` is ordered against: the last change, or — when that is our write into the
 * other system — the change of `source` that the write carried, in `source`'s own clock.
 */
function reference(last: LastChange | null, source: SyncSource): LastChange | null {
  if (!last || last.source === source || last.carried === undefined) return last;
  return { source, at: last.carried };
}

const ZONED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms of a zoned ISO instant; NaN for anything else (never the host's local-time interpretation). */
function parseInstant(text: string): number {
  return ZONED_INSTANT.test(text) ? Date.parse(text) : Number.NaN;
}

/** The write that carries the value of `source` (as held in `state`) to the other system. */
function mirrorOf(source: SyncSource, state: StatusSyncState): MirrorAction {
  return source === 'bitrix24'
    ? { kind: 'mirror-to-onec', status: state.status }
    : { kind: 'mirror-to-bitrix', stageId: state.stageId };
}

function valueOf(action: MirrorAction): string {
  return action.kind === 'mirror-to-onec' ? action.status : action.stageId;
}

function accept(
  state: StatusSyncState,
  change: StatusChange,
  counterpart: string,
  datable: boolean,
): StatusSyncState {
  const fromBitrix = change.source === 'bitrix24';
  const other: SyncSource = fromBitrix ? 'onec' : 'bitrix24';
  // A genuine change from a system supersedes whatever we wrote there before: a later event carrying our
  // old value would be a real user action, not our echo.
  const kept = state.expectedEchoes.filter((e) => e.system !== change.source);
  const next: StatusSyncState = {
    status: fromBitrix ? counterpart : change.value,
    stageId: fromBitrix ? change.value : counterpart,
    lastChange: datable ? { source: change.source, at: change.occurredAt } : state.lastChange,
    expectedEchoes: kept,
  };
  return expectEcho(next, other, fromBitrix ? next.status : next.stageId);
}
