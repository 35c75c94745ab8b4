/**
 * Finds or creates the Bitrix24 company/contact of one 1C counterparty — the mirror image of
 * counterparty-workflow.ts. Runs as a child workflow whose id is derived from the counterparty, so Temporal
 * lets only one run per counterparty at a time: two 1C requests of a client Bitrix24 does not know yet
 * queue up here and exactly one of them creates it; the other finds it (by the link written back to 1C).
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { MatchRule } from '../domain/counterparty';
import type { BitrixClientRef } from '../domain/onec-request';
import { onecBornActivities } from './activities';

export interface EnsureBitrixClientInput {
  counterpartyRef: string;
  order: MatchRule[];
}

export interface EnsuredBitrixClient {
  client: BitrixClientRef;
  name: string;
  via: MatchRule | 'created';
  matchedValue: string;
  /** A requisite (INN, legal address) was written to the new company. */
  requisite: boolean;
}

export async function bitrixClientWorkflow(input: EnsureBitrixClientInput): Promise<EnsuredBitrixClient> {
  const counterparty = await onecBornActivities.readOneCCounterparty(input.counterpartyRef);
  if (!counterparty)
    throw ApplicationFailure.nonRetryable(`1C counterparty ${input.counterpartyRef} no longer exists`);
  const found = await onecBornActivities.findBitrixClient({ counterparty, order: input.order });
  const ensured: EnsuredBitrixClient = found
    ? { client: found.client, name: found.name, via: found.rule, matchedValue: found.value, requisite: false }
    : { ...(await onecBornActivities.createBitrixClient(counterparty)), via: 'created', matchedValue: '' };
  // Next time the counterparty is found by its link, before any INN or phone lookup.
  await onecBornActivities.linkCounterpartyToBitrix({
    counterpartyRef: input.counterpartyRef,
    client: ensured.client,
  });
  return ensured;
}
