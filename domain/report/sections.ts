/**
 * The report as titled tables of strings, shared by the text, CSV and HTML renderings so that all formats
 * show the same numbers under the same headings.
 */
import type { RequestsReport } from './build';

export interface Section {
  id: string;
  title: string;
  columns: string[];
  rows: string[][];
}

export function reportSections(r: RequestsReport): Section[] {
  const counts = (id: string, title: string, what: string, list: RequestsReport['byStatus']): Section => ({
    id,
    title,
    columns: [what, 'Заявок'],
    rows: list.map((c) => [c.key, String(c.count)]),
  });
  return [
    {
      id: 'totals',
      title: 'Итого',
      columns: ['Показатель', 'Значение'],
      rows: [
        ['Заявок за период', String(r.totals.requests)],
        ['Открытых', String(r.totals.open)],
        ['Завершённых', String(r.totals.completed)],
        [`Без смены статуса ${r.stuckAfterDays} дн. и дольше`, String(r.totals.stuck)],
        ['Ждут исправления менеджером', String(r.totals.awaitingFix)],
        ['Сбойных запусков', String(r.totals.failed)],
      ],
    },
    counts('by-status', 'По статусам', 'Статус', r.byStatus),
    counts('by-counterparty', 'По контрагентам', 'Контрагент', r.byCounterparty),
    counts('by-type', 'По типам заявок', 'Тип', r.byType),
    counts('by-manager', 'По менеджерам', 'Ответственный', r.byManager),
    {
      id: 'duration',
      title: 'Время от создания до завершения, часы',
      columns: ['Тип', 'Завершено', 'p50', 'p90'],
      rows: r.durationByType.map((d) => [d.type, String(d.completed), fmt(d.p50Hours), fmt(d.p90Hours)]),
    },
    {
      id: 'stuck',
      title: `Без смены статуса ${r.stuckAfterDays} дн. и дольше`,
      columns: ['Номер 1С', 'Элемент Б24', 'Контрагент', 'Ответственный', 'Статус', 'Дней', 'С'],
      rows: r.stuck.map((s) => [
        s.number,
        s.itemId,
        s.counterparty,
        s.manager,
        s.status,
        String(s.idleDays),
        s.since,
      ]),
    },
    {
      id: 'awaiting-fix',
      title: 'Ждут исправления менеджером',
      columns: ['Процесс', 'Элемент Б24', 'Заявка', 'Дней', 'С'],
      rows: r.awaitingFix.map((w) => [
        w.workflowId,
        w.itemId === undefined ? '' : String(w.itemId),
        w.summary,
        String(w.waitingDays),
        w.since,
      ]),
    },
    {
      id: 'failed',
      title: 'Сбойные запуски',
      columns: ['Процесс', 'Запуск', 'Заявка', 'Когда', 'Ошибка'],
      rows: r.failed.map((f) => [f.workflowId, f.runId, f.summary, f.failedAt, f.error]),
    },
  ];
}

const fmt = (n: number) => n.toFixed(1);
