/**
 * A call, e-mail or meeting in Bitrix24 → its row in the 1C register «ИсторияВзаимодействий». One run per
 * activity at a time (`interaction-b24-activity-<id>`, started or signalled by the receiver for every
 * ONCRMACTIVITYADD/UPDATE): events of one activity are handled one after another, and each pass re-reads
 * the activity (events carry only its id) and brings its row in line — so a repeated event adds nothing and
 * the last change wins. A change arriving during a pass makes one more pass.
 */
import { setHandler } from '@temporalio/workflow';
import type { ActivityRowOutcome } from '../activities/contract';
import { interactionActivities } from './activities';
import { bitrixActivityChangedSignal } from './interaction-messages';

export interface BitrixActivityInput {
  activityId: number;
}

export async function bitrixActivityWorkflow(
  input: BitrixActivityInput,
): Promise<ActivityRowOutcome | 'gone'> {
  let changes = 0;
  setHandler(bitrixActivityChangedSignal, () => {
    changes += 1;
  });
  let outcome: ActivityRowOutcome | 'gone';
  do {
    changes = 0;
    const activity = await interactionActivities.readBitrixActivity(input.activityId);
    // Deleted in Bitrix24 since the event: a logged interaction stays in 1C's history.
    outcome = activity ? await interactionActivities.recordBitrixActivity(activity) : 'gone';
  } while (changes > 0);
  return outcome;
}
