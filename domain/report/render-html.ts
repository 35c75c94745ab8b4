/**
 * `--format html` and the administrator's page: the report's tables, bar charts drawn in the browser by
 * the charting library from the report's JSON, and (on the admin page) a "retry" button per failed run.
 * Scripts are either referenced (admin page, served locally under a strict CSP) or inlined (a standalone
 * file that opens without a server or internet).
 */
import type { RequestsReport } from './build';
import { reportSections, type Section } from './sections';

export type ScriptRef = { src: string } | { inline: string };

export interface HtmlOptions {
  chartLibrary: ScriptRef;
  chartScript: ScriptRef;
  /** Path the retry forms post to; no retry buttons without it. */
  retryAction?: string;
  /** Links shown in the header (e.g. JSON and CSV downloads of the same report). */
  links?: Array<{ href: string; text: string }>;
}

export const CHARTS = [
  { id: 'chart-by-status', title: 'По статусам' },
  { id: 'chart-by-type', title: 'По типам заявок' },
  { id: 'chart-by-manager', title: 'По менеджерам' },
  { id: 'chart-duration', title: 'Время до завершения, ч (p50 / p90)' },
] as const;

export function renderHtml(report: RequestsReport, opts: HtmlOptions): string {
  const period = `${report.period.from} — ${report.period.to}`;
  const sections = reportSections(report);
  const links = (opts.links ?? []).map((l) => `<a href="${esc(l.href)}">${esc(l.text)}</a>`).join(' · ');
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Отчёт по заявкам ${esc(period)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Отчёт по заявкам</h1><p>Период ${esc(period)}, сформирован ${esc(report.generatedAt)}${links ? ` · ${links}` : ''}</p></header>
<main>
${renderSection(sections[0], opts)}
<section class="charts">
${CHARTS.map((c) => `<figure><figcaption>${esc(c.title)}</figcaption><canvas id="${c.id}" width="520" height="260"></canvas></figure>`).join('\n')}
</section>
${sections
  .slice(1)
  .map((s) => renderSection(s, opts))
  .join('\n')}
</main>
<script type="application/json" id="report-data">${jsonForScript(report)}</script>
${scriptTag(opts.chartLibrary)}
${scriptTag(opts.chartScript)}
</body>
</html>
`;
}

function renderSection(section: Section | undefined, opts: HtmlOptions): string {
  if (!section) return '';
  const retry = section.id === 'failed' && opts.retryAction !== undefined;
  const head = [...section.columns, ...(retry ? [''] : [])].map((c) => `<th>${esc(c)}</th>`).join('');
  const body =
    section.rows.length === 0
      ? `<tr><td colspan="${section.columns.length + (retry ? 1 : 0)}" class="none">нет</td></tr>`
      : section.rows
          .map((row) => {
            const cells = row.map((c) => `<td>${esc(c)}</td>`).join('');
            return `<tr>${cells}${retry ? `<td>${retryForm(opts.retryAction ?? '', row[0] ?? '', row[1] ?? '')}</td>` : ''}</tr>`;
          })
          .join('\n');
  return `<section id="${section.id}"><h2>${esc(section.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></section>`;
}

function retryForm(action: string, workflowId: string, runId: string): string {
  return (
    `<form method="post" action="${esc(action)}">` +
    `<input type="hidden" name="workflowId" value="${esc(workflowId)}">` +
    `<input type="hidden" name="runId" value="${esc(runId)}">` +
    `<button type="submit">Повторить</button></form>`
  );
}

function scriptTag(ref: ScriptRef): string {
  if ('src' in ref) return `<script src="${esc(ref.src)}"></script>`;
  return `<script>${ref.inline.replace(/<\/script/gi, '<\\/script')}</script>`;
}

/** JSON inside a script element: `<` escaped so no value can close the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f8fa}',
  'header{background:#1f4e79;color:#fff;padding:12px 24px}header h1{margin:0;font-size:22px}',
  'header p{margin:4px 0 0}header a{color:#cfe3ff}',
  'main{padding:16px 24px}section{margin-bottom:24px}h2{font-size:17px;margin:0 0 8px}',
  'table{border-collapse:collapse;background:#fff}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}',
  'th{background:#eef2f6}td.none{color:#6b7785}',
  '.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;background:#fff;border:1px solid #d0d7de;padding:8px}',
  'figcaption{font-weight:600;margin-bottom:4px}button{cursor:pointer}',
].join('\n');
