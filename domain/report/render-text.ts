/** `--format table`: aligned plain-text tables for a terminal. */
import type { RequestsReport } from './build';
import { reportSections } from './sections';

export function renderTable(report: RequestsReport): string {
  const head = `Отчёт по заявкам ${report.period.from} — ${report.period.to} (на ${report.generatedAt})`;
  const blocks = reportSections(report).map((s) => {
    if (s.rows.length === 0) return `${s.title}\n  (нет)`;
    const widths = s.columns.map((c, i) => Math.max(c.length, ...s.rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]) =>
      `  ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
    return [s.title, line(s.columns), line(widths.map((w) => '-'.repeat(w))), ...s.rows.map(line)].join('\n');
  });
  return `${[head, ...blocks].join('\n\n')}\n`;
}
