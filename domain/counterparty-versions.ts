/**
 * Finding changed counterparties without the 1C extension. OData offers `DataVersion` for every catalog
 * item, new on every write, but only for equality (no `gt`: reference §7), so the sweep reads the versions
 * of all linked counterparties and compares them with the ones the previous run saw. Those are kept as
 * short digests of `Ref_Key:DataVersion` in the reconciliation report (where the schedule hands them to the
 * next run, like the watermark): about 17 bytes a counterparty instead of ~60, and no client data in clear.
 */
import { saltedKey } from './lock-key';

export interface CounterpartyVersion {
  ref: string;
  dataVersion: string;
  /** `ИдКомпанииБитрикс24`. */
  bitrixKey: string;
}

export function versionDigest(v: Pick<CounterpartyVersion, 'ref' | 'dataVersion'>): string {
  return saltedKey(`${v.ref.toLowerCase()}:${v.dataVersion}`, 'counterparty-version');
}

/**
 * The counterparties written since the previous run. The first run (no previous digests) only takes the
 * baseline: signalling every linked counterparty at once would start a workflow for each of them, and a
 * sync of two sides already in step does nothing anyway.
 */
export function changedSince(
  previous: readonly string[] | undefined,
  current: readonly CounterpartyVersion[],
): CounterpartyVersion[] {
  if (previous === undefined) return [];
  const seen = new Set(previous);
  return current.filter((v) => !seen.has(versionDigest(v)));
}
