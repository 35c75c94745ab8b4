/** The signal of the interaction workflows: a Bitrix24 activity was added or changed (ids only). */
import { defineSignal } from '@temporalio/workflow';

export interface BitrixActivityChanged {
  event: 'add' | 'update';
  /** `ts` of the event as Bitrix24 sent it (seconds), for the audit trail. */
  ts: number;
}

export const bitrixActivityChangedSignal = defineSignal<[BitrixActivityChanged]>('bitrixActivityChanged');
