/**
 * Interactions both ways (domain/interaction.ts): a Bitrix24 activity into its row of «ИсторияВзаимодействий»,
 * a row a person added in 1C onto the request item's timeline, and the periodic read of new rows for bases
 * without the extension. Each step is idempotent on its own, so Temporal may retry any of them.
 */
import { bitrixClientKey } from '../domain/counterparty';
import { EMPTY_REF, type HistoryRecord } from '../domain/history';
import {
  activityEventSuffix,
  activityRecord,
  interactionTarget,
  isPeoplesRow,
  onecRowComment,
  onecRowMarker,
  planActivityRows,
  type BitrixActivity,
  type InteractionRefs,
} from '../domain/interaction';
import { toOneCDateTime } from '../domain/onec-time';
import { readActivity } from './bitrix24/activity-read';
import { isBitrix24NotFound } from './bitrix24/errors';
import { addTimelineCommentOnce } from './bitrix24/idempotent-writes';
import type { ActivityRowOutcome, InteractionActivities, OneCInteraction } from './contract';
import type { ActivityDeps } from './deps';
import { createAttachEarlierHistory } from './history';
import { findCounterparty } from './onec/counterparties';
import { deleteHistory, listHistoryBySuffix, listHistorySince, writeHistory } from './onec/history';
import { findRequestByItemId, getRequest } from './onec/requests';

export function createInteractionActivities(deps: ActivityDeps): InteractionActivities {
  const { bitrix, onec, entityTypeId } = deps;
  const attachEarlierHistory = createAttachEarlierHistory(deps);

  /** The request's document and counterparty, when its 1C document exists. */
  async function requestRefs(itemId: number) {
    const header = await findRequestByItemId(onec, itemId);
    if (!header) return null;
    const document = await getRequest(onec, header.ref);
    return { requestRef: header.ref, counterpartyRef: document?.counterpartyRef ?? null };
  }

  async function recordBitrixActivity(activity: BitrixActivity): Promise<ActivityRowOutcome> {
    const target = interactionTarget(activity.bindings, entityTypeId);
    if (!target) return 'not-ours';
    let refs: InteractionRefs | null;
    if (target.kind === 'request') {
      refs = (await requestRefs(target.itemId)) ?? { requestRef: null, counterpartyRef: null };
    } else {
      const match = await findCounterparty(onec, { bitrixKey: bitrixClientKey(target.client) });
      refs =
        match.status === 'unique' ? { requestRef: null, counterpartyRef: match.counterparty.Ref_Key } : null;
    }
    // Without a counterparty there is nothing to key the row by; rows written earlier stay as they are.
    if (!refs) return 'no-counterparty';
    const existing = await listHistoryBySuffix(onec, activityEventSuffix(activity.id));
    const desired = activityRecord({ activity, target, entityTypeId, refs, timeZone: onec.timeZone });
    const plan = planActivityRows(desired, existing);
    for (const row of plan.removeFirst) await deleteHistory(onec, row);
    if (plan.write) await writeHistory(onec, plan.write);
    for (const row of plan.removeAfter) await deleteHistory(onec, row);
    if (target.kind === 'request' && plan.write && plan.write.Заявка_Key === EMPTY_REF) {
      // Written before the item's document existed. The request workflow moves such rows under the document
      // right after creating it; if that happened between our lookup and our write, do it here instead.
      const now = await requestRefs(target.itemId);
      if (now) await attachEarlierHistory({ entityTypeId, itemId: target.itemId, ...now });
    }
    if (!desired) return plan.removeAfter.length > 0 ? 'removed' : 'not-an-interaction';
    return plan.write ? 'written' : 'unchanged';
  }

  async function postOneCInteraction(
    input: OneCInteraction,
  ): Promise<'added' | 'already-there' | 'item-gone'> {
    const comment = onecRowComment(input.record, input.documentNumber);
    try {
      return await addTimelineCommentOnce(
        bitrix,
        { entityType: `dynamic_${entityTypeId}`, entityId: input.itemId, comment },
        onecRowMarker(input.record),
      );
    } catch (err) {
      if (isBitrix24NotFound(err)) return 'item-gone';
      throw err;
    }
  }

  async function listOneCInteractions(input: { since: string | null; sinceMs: number; limit: number }) {
    const from = input.since ?? toOneCDateTime(input.sinceMs, onec.timeZone);
    const rows = await listHistorySince(onec, from, input.limit);
    const found: OneCInteraction[] = [];
    const documents = new Map<string, Awaited<ReturnType<typeof getRequest>>>();
    for (const record of rows) {
      if (!isPeoplesRow(record) || record.Заявка_Key === EMPTY_REF) continue;
      if (!documents.has(record.Заявка_Key))
        documents.set(record.Заявка_Key, await getRequest(onec, record.Заявка_Key));
      const document = documents.get(record.Заявка_Key);
      const itemId = Number(document?.bitrixItemId.trim());
      if (!document || document.deletionMark || !Number.isSafeInteger(itemId) || itemId <= 0) continue;
      found.push({ itemId, documentNumber: document.number, record: withoutUndefined(record) });
    }
    // Inclusive next time (rows added later in the same second); the workflow ids keep repeats harmless.
    const watermark = rows.at(-1)?.Period ?? from;
    return { found, watermark, read: rows.length };
  }

  return {
    readBitrixActivity: (activityId) => readActivity(bitrix, activityId),
    recordBitrixActivity,
    postOneCInteraction,
    listOneCInteractions,
  };
}

/** Workflow payloads are JSON: an absent optional property must not become an explicit undefined. */
function withoutUndefined(record: HistoryRecord): HistoryRecord {
  const { Ответственный, ...rest } = record;
  return Ответственный === undefined ? rest : { ...rest, Ответственный };
}
