/**
 * A row a person added to «ИсторияВзаимодействий» in 1C → one comment on the request item's Bitrix24 timeline.
 * Its id is derived from the row's register key (`interaction-onec-<hash>`), and it is started with the
 * policy "again only after a failure", so the extension's notification and the periodic read finding the same
 * row start it once; the comment's marker covers a retry after a lost answer.
 */
import type { OneCInteraction } from '../activities/contract';
import { interactionActivities } from './activities';

export async function onecInteractionWorkflow(
  input: OneCInteraction,
): Promise<'added' | 'already-there' | 'item-gone'> {
  return interactionActivities.postOneCInteraction(input);
}
