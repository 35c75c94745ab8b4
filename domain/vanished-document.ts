/**
 * A request whose 1C document was deleted (or marked for deletion) in 1C while the request was still open.
 * Nothing transient about it: the workflow tells the responsible manager and follows the configured policy
 * (`onec.vanishedDocument`).
 */
import { CANCELLED_STATUS, type StageStatusPair } from './status-map';

export const VANISHED_DOCUMENT_POLICIES = ['cancel', 'recreate'] as const;
export type VanishedDocumentPolicy = (typeof VANISHED_DOCUMENT_POLICIES)[number];

/** Failure type of an activity that found the document gone (activities/failures.ts → the workflow). */
export const DOCUMENT_GONE_FAILURE = 'OneCDocumentGone';

/** How the document vanished: deleted outright, or marked for deletion (the usual way in 1C). */
export type VanishedHow = 'deleted' | 'marked';

/** The Bitrix24 stage a request closed as cancelled moves to; undefined when none is mapped. */
export function cancelledStage(stages: readonly StageStatusPair[]): string | undefined {
  return stages.find((pair) => pair.status === CANCELLED_STATUS)?.stageId;
}

/** Text of the manager notification and timeline comment (BB-code, as Bitrix24 renders it). */
export function vanishedDocumentMessage(
  number: string,
  how: VanishedHow,
  policy: VanishedDocumentPolicy,
): string {
  const what = how === 'deleted' ? 'удалён в 1С' : 'помечен на удаление в 1С';
  const next =
    policy === 'recreate'
      ? 'По данным заявки в Битрикс24 создаётся новый документ.'
      : 'Заявка закрыта как отменённая; чтобы возобновить её, верните элемент на рабочую стадию.';
  return `[b]Документ 1С «Заявка» № ${number} ${what}.[/b]\n${next}`;
}
