/** A small, hand-checked set of report facts (times in UTC). */
import type { RequestFact, RunFact } from '../../domain/report/facts';

export const NOW = Date.parse('2026-03-20T12:00:00Z');
const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

function request(over: Partial<RequestFact> & Pick<RequestFact, 'number'>): RequestFact {
  const createdAt = over.createdAt ?? at('2026-03-01T09:00:00Z');
  return {
    ref: `ref-${over.number}`,
    itemId: over.number.replace(/^0+/, ''),
    createdAt,
    counterparty: 'ООО "Ромашка"',
    type: 'Ремонт',
    status: 'В работе',
    final: false,
    manager: 'Иванова Мария',
    lastStatusChangeAt: createdAt,
    ...over,
  };
}

export const REQUESTS: RequestFact[] = [
  request({
    number: '000000001',
    status: 'Завершена',
    final: true,
    completedAt: at('2026-03-01T09:00:00Z') + 2 * HOUR,
  }),
  request({
    number: '000000002',
    status: 'Завершена',
    final: true,
    completedAt: at('2026-03-01T09:00:00Z') + 10 * HOUR,
  }),
  request({
    number: '000000003',
    type: 'Консультация',
    manager: 'Петров Пётр',
    status: 'Отменена',
    final: true,
    completedAt: at('2026-03-01T09:00:00Z') + 1 * HOUR,
  }),
  // Open, last moved 10 days before NOW: stuck.
  request({
    number: '000000004',
    counterparty: 'ИП Сидоров',
    lastStatusChangeAt: at('2026-03-10T08:00:00Z'),
  }),
  // Open, moved yesterday: not stuck.
  request({ number: '000000005', manager: '', lastStatusChangeAt: at('2026-03-19T12:00:00Z') }),
  // Outside the period.
  request({ number: '000000006', createdAt: at('2025-12-31T20:00:00Z') }),
];

export const RUNS: RunFact[] = [
  {
    workflowId: 'request-b24-1038-7',
    runId: '11111111-1111-4111-8111-111111111111',
    itemId: 7,
    status: 'RUNNING',
    phase: 'awaiting-fix',
    summary: '«Не печатает принтер»',
    startedAt: at('2026-03-15T10:00:00Z'),
    phaseSince: at('2026-03-16T10:00:00Z'),
  },
  {
    workflowId: 'request-b24-1038-4',
    runId: '22222222-2222-4222-8222-222222222222',
    itemId: 4,
    status: 'RUNNING',
    phase: 'syncing-status',
    startedAt: at('2026-03-01T09:00:00Z'),
  },
  {
    workflowId: 'request-b24-1038-8',
    runId: '33333333-3333-4333-8333-333333333333',
    itemId: 8,
    status: 'FAILED',
    phase: 'failed',
    summary: '«Касса»',
    startedAt: at('2026-03-18T10:00:00Z'),
    closedAt: at('2026-03-18T10:05:00Z'),
    error: '1C: не заполнен реквизит «Организация»',
  },
  // Failed, then superseded by a newer run: not a problem any more.
  {
    workflowId: 'request-b24-1038-9',
    runId: '44444444-4444-4444-8444-444444444444',
    itemId: 9,
    status: 'FAILED',
    startedAt: at('2026-03-10T10:00:00Z'),
    error: 'old',
  },
  {
    workflowId: 'request-b24-1038-9',
    runId: '55555555-5555-4555-8555-555555555555',
    itemId: 9,
    status: 'RUNNING',
    phase: 'syncing-status',
    startedAt: at('2026-03-11T10:00:00Z'),
  },
];

export const OPTIONS = {
  from: at('2026-01-01T00:00:00Z'),
  to: at('2026-12-31T23:59:59Z'),
  days: { from: '2026-01-01', to: '2026-12-31' },
  now: NOW,
  stuckAfterDays: 3,
};
