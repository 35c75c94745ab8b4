/**
 * The Bitrix24 item of a request was deleted after its 1C document existed: the document is closed the way
 * the configuration says — status «Отменена» or the deletion mark — so it does not hang open in 1C forever.
 * Idempotent: a retry finds the document already closed and changes nothing.
 */
import type { ActivityDeps } from './deps';
import { OneCPreconditionFailed } from './onec/errors';
import { getRequest, markRequestForDeletion, setRequestStatus } from './onec/requests';

export type DeletedItemPolicy = 'cancel' | 'deletion-mark';

/** The 1C status a cancelled request gets (PredefinedDataName). */
export const CANCELLED_STATUS = 'Отменена';

const PRECONDITION_ATTEMPTS = 3;

export function createDeletedItemActivities({ onec, statuses }: ActivityDeps) {
  async function closeDocumentOfDeletedItem(input: {
    documentRef: string;
    policy: DeletedItemPolicy;
  }): Promise<'cancelled' | 'marked' | 'already-closed' | 'missing'> {
    const cancelledRef = await statuses.refByName(CANCELLED_STATUS);
    for (let attempt = 1; ; attempt++) {
      const document = await getRequest(onec, input.documentRef);
      if (!document) return 'missing';
      try {
        if (input.policy === 'deletion-mark') {
          if (document.deletionMark) return 'already-closed';
          await markRequestForDeletion(onec, input.documentRef, document.dataVersion);
          return 'marked';
        }
        if (document.statusRef === cancelledRef) return 'already-closed';
        await setRequestStatus(onec, input.documentRef, cancelledRef, document.dataVersion);
        return 'cancelled';
      } catch (err) {
        // A 1C user saved the document between our read and write: read again.
        if (!(err instanceof OneCPreconditionFailed) || attempt >= PRECONDITION_ATTEMPTS) throw err;
      }
    }
  }

  return { closeDocumentOfDeletedItem };
}
