/**
 * One-to-one correspondence between Bitrix24 stages of «Заявки» and 1C request statuses. Statuses are named
 * by the `PredefinedDataName` of catalog «СтатусыЗаявок», which survives renaming by 1C users, unlike
 * `Description`.
 */

export const ONEC_STATUSES = ['Новая', 'ВРаботе', 'ОжидаетУточнения', 'Завершена', 'Отменена'] as const;
export type OneCStatus = (typeof ONEC_STATUSES)[number];

/** The status a request closed as cancelled gets (a vanished 1C document with policy "cancel"). */
export const CANCELLED_STATUS = 'Отменена';

export const DEFAULT_FINAL_STATUSES: readonly string[] = ['Завершена', 'Отменена'];

export interface StageStatusPair {
  /** Bitrix24 stage id, e.g. `DT1038_10:NEW`. */
  stageId: string;
  /** 1C `PredefinedDataName`, e.g. `Новая`. */
  status: string;
}

export interface StatusMap {
  readonly pairs: readonly StageStatusPair[];
  statusForStage(stageId: string): string | null;
  stageForStatus(status: string): string | null;
  /** Final statuses end the request's life: the workflow stops mirroring after one is reached. */
  isFinalStatus(status: string): boolean;
}

/** Throws when a stage or a status appears twice: mirroring needs a bijection, or it would flap. */
export function createStatusMap(
  pairs: readonly StageStatusPair[],
  finalStatuses: readonly string[] = DEFAULT_FINAL_STATUSES,
): StatusMap {
  const byStage = new Map<string, string>();
  const byStatus = new Map<string, string>();
  for (const { stageId, status } of pairs) {
    if (byStage.has(stageId)) throw new Error(`stage ${stageId} is mapped twice`);
    if (byStatus.has(status)) throw new Error(`status ${status} is mapped twice`);
    byStage.set(stageId, status);
    byStatus.set(status, stageId);
  }
  const finals = new Set(finalStatuses);
  return {
    pairs: pairs.map((p) => ({ ...p })),
    statusForStage: (stageId) => byStage.get(stageId) ?? null,
    stageForStatus: (status) => byStatus.get(status) ?? null,
    isFinalStatus: (status) => finals.has(status),
  };
}
