/**
 * `--format csv`: one sheet (RFC 4180, CRLF) a spreadsheet opens as is: every line starts with the section
 * id; each section begins with its own header line, then its rows. A UTF-8 BOM lets Excel recognise the Cyrillic text.
 */
import type { RequestsReport } from './build';
import { reportSections } from './sections';

export function renderCsv(report: RequestsReport): string {
  const lines: string[][] = [];
  for (const s of reportSections(report)) {
    lines.push([s.id, ...s.columns]);
    for (const row of s.rows) lines.push([s.id, ...row]);
  }
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function csvCell(value: string): string {
  // A leading = + - @ would be run as a formula by spreadsheets: prefix it (OWASP CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
