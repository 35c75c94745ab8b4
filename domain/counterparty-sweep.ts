/**
 * The counterparty sweep of reconciliation, pure: for bases without the 1C extension, which linked
 * counterparties changed a 1C-owned field since the previous run.
 *
 * 1C standard OData has no change feed and `DataVersion` is opaque (it can be compared for equality, never
 * ordered), so "changed since" cannot be asked of 1C. Each run instead reads every linked counterparty and
 * keeps, per Bitrix24 client key, a short digest of the values 1C owns; the next run compares. A digest of
 * the owned values rather than DataVersion: our own writes of Bitrix24-owned fields (a phone copied to 1C)
 * change DataVersion too, and must not wake the client's workflow again.
 *
 * About 20 bytes of state per linked counterparty (`"C1234":"1a2b3c4d"`), carried from run to run in the
 * reconciliation report: ~200 KB for 10 000 counterparties, kept under Temporal's 2 MB payload limit by
 * MAX_SWEPT_COUNTERPARTIES.
 */
import type { Ownership, SyncField } from './counterparty-sync';
import { fnv1a32 } from './fnv1a';

/** 1C rows read per activity call (`$top`). */
export const SWEEP_PAGE_SIZE = 500;

/** Digests carried between runs at most; beyond this the sweep stops reading and says so. */
export const MAX_SWEPT_COUNTERPARTIES = 60_000;

/** A linked counterparty as the sweep reads it (values as 1C returns them). */
export interface SweptCounterparty {
  /** `ИдКомпанииБитрикс24`: `42` company 42, `C42` contact 42. */
  key: string;
  ref: string;
  dataVersion: string;
  values: Record<SyncField, string>;
}

/** The owned values in a fixed order, trimmed (fixed-length strings come space-padded). */
export function ownedDigest(values: Record<SyncField, string>, ownership: Ownership): string {
  const owned = (Object.keys(ownership) as SyncField[])
    .filter((field) => ownership[field] === 'onec')
    .sort()
    .map((field) => `${field}=${values[field].trim()}`);
  return fnv1a32(owned.join('\u0001'));
}

/**
 * Which counterparties to hand to their client's workflow. The first run (no previous digests) only takes
 * the baseline: waking every client once would cost three Bitrix24 reads each, and the links were made by
 * a sync anyway. Later, a key not seen before (a new link, or a row a shifting page skipped last time) is
 * handed over too: one sync of two sides in step writes nothing.
 */
export function changedSinceLastSweep(
  previous: Readonly<Record<string, string>> | null,
  current: ReadonlyArray<{ key: string; digest: string }>,
): string[] {
  if (previous === null) return [];
  return current.filter((c) => previous[c.key] !== c.digest).map((c) => c.key);
}

/** What a run carries to the next one and reports. */
export interface CounterpartySweepResult {
  /** Bitrix24 client key → digest of the 1C-owned values at this run. */
  digests: Record<string, string>;
  /** Linked counterparties read and workflows signalled. */
  read: number;
  signalled: number;
  /** True when more than MAX_SWEPT_COUNTERPARTIES are linked: the rest were not looked at. */
  truncated: boolean;
}
