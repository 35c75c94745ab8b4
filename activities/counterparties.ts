/**
 * Counterparty activities. Matching follows the configured rules in order; the first rule that finds exactly
 * one live counterparty wins (an ambiguous rule is skipped: guessing would link the wrong client).
 */
import { fillMissing, matchCriteria, type CounterpartyFields, type MatchRule } from '../domain/counterparty';
import type { ClientSnapshot } from '../domain/request';
import type { CounterpartyRef } from './contract';
import type { ActivityDeps } from './deps';
import { OneCPreconditionFailed } from './onec/errors';
import {
  createCounterparty as create1C,
  findCounterparty as find1C,
  getCounterparty,
  updateCounterparty,
  type Counterparty,
  type CounterpartyKey,
} from './onec/counterparties';

/** Someone else writing the same counterparty between our read and our write: re-read and try again. */
const PRECONDITION_ATTEMPTS = 3;

function keyFor(rule: MatchRule, value: string): CounterpartyKey {
  switch (rule) {
    case 'bitrixId':
      return { bitrixKey: value };
    case 'inn':
      return { inn: value };
    case 'phone':
      return { phone: value };
    case 'email':
      return { email: value };
  }
}

function refOf(c: Counterparty, via: CounterpartyRef['via'], matchedValue: string): CounterpartyRef {
  return { ref: c.Ref_Key, inn: c.ИНН.trim(), name: c.Description.trim(), via, matchedValue };
}

export function createCounterpartyActivities({ onec }: ActivityDeps) {
  async function findCounterparty(input: {
    client: ClientSnapshot;
    order: MatchRule[];
  }): Promise<CounterpartyRef | null> {
    for (const { rule, value } of matchCriteria(input.client, input.order)) {
      const match = await find1C(onec, keyFor(rule, value));
      if (match.status === 'unique') return refOf(match.counterparty, rule, value);
    }
    return null;
  }

  async function createCounterparty(fields: CounterpartyFields): Promise<CounterpartyRef> {
    // A retry after a lost answer must find the first attempt's counterparty, not create a second one.
    const existing = await find1C(onec, { bitrixKey: fields.ИдКомпанииБитрикс24 });
    if (existing.status === 'unique')
      return refOf(existing.counterparty, 'bitrixId', fields.ИдКомпанииБитрикс24);
    return refOf(await create1C(onec, fields), 'created', '');
  }

  /**
   * Requests of one client may fill at the same time: when another write got in between our read and ours
   * (412), read again — what it wrote is no longer a gap.
   */
  async function fillCounterpartyGaps(input: { ref: string; draft: CounterpartyFields }): Promise<string[]> {
    for (let attempt = 1; ; attempt++) {
      const existing = await getCounterparty(onec, input.ref);
      if (!existing) return [];
      const patch = fillMissing(existing, input.draft);
      const fields = Object.keys(patch);
      try {
        if (fields.length > 0) await updateCounterparty(onec, input.ref, patch, existing.DataVersion);
        return fields;
      } catch (err) {
        if (!(err instanceof OneCPreconditionFailed) || attempt >= PRECONDITION_ATTEMPTS) throw err;
      }
    }
  }

  return { findCounterparty, createCounterparty, fillCounterpartyGaps };
}
