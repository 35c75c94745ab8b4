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
  const existing = await findExisting(input);
  if (existing) return existing;
  const created = await activities.createCounterparty(counterpartyDraft(input.client, input.clientTypes));
  return { ...created, filled: [] };
}

/** The counterparty matching the client, with the fields 1C lacked filled in; null when there is none. */
export async function findExisting(input: EnsureCounterpartyInput): Promise<EnsuredCounterparty | null> {
  const found = await activities.findCounterparty({ client: input.client, order: input.order });
  if (!found) return null;
  const draft = counterpartyDraft(input.client, input.clientTypes);
  const filled = await activities.fillCounterpartyGaps({ ref: found.ref, draft });
  return { ...found, inn: found.inn || (filled.includes('ИНН') ? draft.ИНН : ''), filled };
}
