/**
 * What the entity workflow of one client does with a burst of signals: which of them are news (worth
 * reading both systems again) and which are the echoes of its own writes. Same rules as statuses: a 1C
 * notification flagged `initiator: integration`, or carrying the DataVersion our write produced, is ours;
 * a Bitrix24 update event sent from the second of our write on, within the echo window, is ours
 * (own-writes.ts). Whatever slips through is harmless anyway — a sync of two sides in step writes nothing —
 * this only saves the reads.
 */
import { rememberWrite, sortOutEchoes, type OwnWrite } from './own-writes';

export type ClientSignal =
  | { source: 'bitrix24'; event: 'add' | 'update' | 'delete'; ts: number }
  | { source: 'onec'; eventId: string; dataVersion: string; initiator: 'user' | 'integration' };

export interface EchoMemory {
  /** Our Bitrix24 writes to the company/contact (`DATE_MODIFY` after each, Unix seconds). */
  bitrixWrites: OwnWrite[];
  /** DataVersions of the counterparty right after our 1C writes, oldest first. */
  onecVersions: string[];
  /** The DataVersion the last sync read or wrote: a notification carrying it tells nothing new. */
  lastOneCVersion: string | null;
}

/** Bounded: echoes that never come back must not grow the state carried over by continue-as-new. */
export const MAX_REMEMBERED_VERSIONS = 8;

export const emptyEchoMemory = (): EchoMemory => ({
  bitrixWrites: [],
  onecVersions: [],
  lastOneCVersion: null,
});

export function sortOutSignals(
  memory: EchoMemory,
  signals: readonly ClientSignal[],
): { news: ClientSignal[]; echoes: number; memory: EchoMemory } {
  const news: ClientSignal[] = [];
  let echoes = 0;
  let onecVersions = [...memory.onecVersions];
  const bitrixEvents: Array<Extract<ClientSignal, { source: 'bitrix24' }>> = [];
  for (const signal of signals) {
    if (signal.source === 'bitrix24') {
      bitrixEvents.push(signal);
      continue;
    }
    const known = onecVersions.indexOf(signal.dataVersion);
    if (signal.initiator === 'integration' || known >= 0 || signal.dataVersion === memory.lastOneCVersion) {
      echoes += 1;
      if (known >= 0) onecVersions = onecVersions.filter((_, i) => i !== known);
      continue;
    }
    news.push(signal);
  }
  const sorted = sortOutEchoes(memory.bitrixWrites, bitrixEvents);
  echoes += sorted.echoes.length;
  news.push(...bitrixEvents.filter((e) => sorted.news.includes(e)));
  return { news, echoes, memory: { ...memory, bitrixWrites: sorted.writes, onecVersions } };
}

export function rememberOneCWrite(memory: EchoMemory, dataVersion: string): EchoMemory {
  return {
    ...memory,
    onecVersions: [...memory.onecVersions, dataVersion].slice(-MAX_REMEMBERED_VERSIONS),
    lastOneCVersion: dataVersion,
  };
}

export function rememberBitrixWrite(memory: EchoMemory, modifiedAtSeconds: number): EchoMemory {
  return { ...memory, bitrixWrites: rememberWrite(memory.bitrixWrites, { at: modifiedAtSeconds }) };
}
