/** The counterparty step itself: find by the matching rules, else create; fill what 1C lacks. */
import { counterpartyDraft, type ClientTypeMapping, type MatchRule } from '../domain/counterparty';
import type { ClientSnapshot } from '../domain/request';
import type { CounterpartyRef } from '../activities/contract';
import { activities } from './activities';

export interface EnsureCounterpartyInput {
  client: ClientSnapshot;
  order: MatchRule[];
  clientTypes: ClientTypeMapping;
  /** Secret salt of the INN lock's id (RequestSettings.lockSalt). */
  lockSalt?: string;
}

export interface EnsuredCounterparty extends CounterpartyRef {
  /** Fields we added to an existing counterparty because 1C lacked them. */
  filled: string[];
}

export async function findOrCreateCounterparty(input: EnsureCounterpartyInput): Promise<EnsuredCounterparty> {
  const draft = counterpartyDraft(input.client, input.clientTypes);
  const found = await activities.findCounterparty({ client: input.client, order: input.order });
  if (!found) {
    const created = await activities.createCounterparty(draft);
    return { ...created, filled: [] };
  }
  const filled = await activities.fillCounterpartyGaps({ ref: found.ref, draft });
  return { ...found, inn: found.inn || (filled.includes('ИНН') ? draft.ИНН : ''), filled };
}
