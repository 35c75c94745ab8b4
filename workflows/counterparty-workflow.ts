/**
 * Finds or creates the 1C counterparty of one Bitrix24 client, one run per client at a time: ten
 * simultaneous requests of a new client queue up here and exactly one of them creates the counterparty.
 *
 * Two *different* Bitrix24 clients may carry the same INN (a company entered twice); they must not both
 * create. So a client with an INN takes a second lock, keyed by the INN (counterpartyByInnWorkflow), and
 * does the find-or-create inside it. Locks are always taken in the same order — client, then INN — and the
 * INN run takes no further lock, so two requests can never wait for each other in a cycle.
 */
import { cleanInn } from '../domain/inn';
import { saltedKey } from '../domain/lock-key';
import { executeChild } from '@temporalio/workflow';
import { SHARED_CHILD, waitingTurn } from './exclusive-child';
import {
  findOrCreateCounterparty,
  type EnsureCounterpartyInput,
  type EnsuredCounterparty,
} from './find-or-create-counterparty';

export type { EnsureCounterpartyInput, EnsuredCounterparty };

/** The INN lock's id: a salted digest of the INN, never the INN itself (workflow ids are not encrypted). */
export function counterpartyInnWorkflowId(inn: string, salt: string): string {
  return `counterparty-inn-${saltedKey(inn, salt)}`;
}

export async function counterpartyWorkflow(input: EnsureCounterpartyInput): Promise<EnsuredCounterparty> {
  const inn = cleanInn(input.client.inn);
  if (!inn) return findOrCreateCounterparty(input);
  return waitingTurn(() =>
    executeChild(counterpartyByInnWorkflow, {
      workflowId: counterpartyInnWorkflowId(inn, input.lockSalt ?? ''),
      args: [input],
      ...SHARED_CHILD,
    }),
  );
}

/** The INN lock: every client with this INN finds or creates its counterparty here, one at a time. */
export async function counterpartyByInnWorkflow(
  input: EnsureCounterpartyInput,
): Promise<EnsuredCounterparty> {
  return findOrCreateCounterparty(input);
}
