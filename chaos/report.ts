/** What `npm run chaos` is asked for, how a row is judged and how the table is printed: pure, tested alone. */
import { parseArgs } from 'node:util';
import { markdownTable } from '../bench/report';
import type { Outcome } from './measure';
import type { ChaosSetup } from './stack';

export interface ChaosArgs {
  size: 'full' | 'quick';
  /** Scenarios whose name contains any of these (case-insensitive); all when absent. */
  only?: string[];
  setup: ChaosSetup;
}

export function parseChaosArgs(argv: string[]): ChaosArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      cluster: { type: 'boolean', default: false },
    },
    strict: true,
  });
  return {
    size: values.quick ? 'quick' : 'full',
    ...(values.only?.length ? { only: values.only } : {}),
    setup: values.cluster ? 'cluster' : 'single machine',
  };
}

export interface Row extends Outcome {
  scenario: string;
  /** From the end of the fault (not its start) until every request had its posted document. */
  convergedSeconds: number | null;
  /** Bitrix24 requests the module made from the end of the fault until convergence. */
  callsAfterFault?: number;
  /** The least time the portal's rate limit allows for those calls (rateLimitFloorSeconds). */
  floorSeconds?: number;
  /** Bitrix24 calls of the module the portal refused (another application's refusals not counted). */
  refused: number;
  /** The scenario makes another application exhaust the portal's budget: refusals are its point. */
  refusalsExpected?: boolean;
  error?: string;
}

/** The portal's refusals per method, without those of the methods another application called. */
export function moduleRefusals(refusedMethods: Record<string, number>, foreignMethods: string[]): number {
  const foreign = new Set(foreignMethods.map((m) => m.toLowerCase()));
  return Object.entries(refusedMethods)
    .filter(([method]) => !foreign.has(method.toLowerCase()))
    .reduce((sum, [, n]) => sum + n, 0);
}

export interface RateLimit {
  requestsPerSecond: number;
  bucketSize: number;
}

/**
 * The least time a portal's leaky bucket lets `calls` requests through in: a full bucket's worth at once,
 * the rest at the drain rate. A lower bound (it takes the bucket as empty when counting starts): no module
 * converges faster than this after a fault, whatever it does, when it needs these calls.
 */
export function rateLimitFloorSeconds(calls: number, limit: RateLimit): number {
  return Math.round((Math.max(0, calls - limit.bucketSize) / limit.requestsPerSecond) * 10) / 10;
}

/** A row fails on an error, a lost request, any duplicate, or a refused call the scenario did not cause. */
export function rowFailed(row: Row): boolean {
  return Boolean(
    row.error ||
    row.lost ||
    row.duplicateDocuments ||
    row.duplicateCounterparties ||
    row.duplicateComments ||
    (row.refused && !row.refusalsExpected),
  );
}

export function chaosTable(rows: Row[], setup: ChaosSetup): string {
  return markdownTable(
    [
      'scenario',
      'setup',
      'requests',
      'posted',
      'lost',
      'duplicate documents',
      'duplicate counterparties',
      'duplicate comments',
      'refused calls',
      'converged after the fault ended',
      'Bitrix24 calls meanwhile (rate-limit floor)',
    ],
    rows.map((r) => [
      r.scenario + (r.error ? ` (error: ${r.error})` : ''),
      setup,
      r.requests,
      r.posted,
      r.lost,
      r.duplicateDocuments,
      r.duplicateCounterparties,
      r.duplicateComments,
      `${r.refused}${r.refusalsExpected && r.refused ? ' (while another application drained the bucket)' : ''}`,
      r.convergedSeconds === null ? 'not converged' : `${r.convergedSeconds} s`,
      r.callsAfterFault === undefined ? '—' : `${r.callsAfterFault} (≥ ${r.floorSeconds ?? 0} s)`,
    ]),
  );
}
