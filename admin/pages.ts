/** The admin page around the report, and the login form shown to a browser without a session. */
import type { RequestsReport } from '../domain/report/build';
import { esc, renderHtml } from '../domain/report/render-html';

export const ASSETS = {
  chartLibrary: '/admin/assets/chart.umd.min.js',
  chartScript: '/admin/assets/report-charts.js',
} as const;

export function adminPage(report: RequestsReport, query: string, notice?: string): string {
  const suffix = query ? `&${query}` : '';
  const html = renderHtml(report, {
    chartLibrary: { src: ASSETS.chartLibrary },
    chartScript: { src: ASSETS.chartScript },
    retryAction: '/admin/retry',
    links: [
      { href: `/admin/report?format=json${suffix}`, text: 'JSON' },
      { href: `/admin/report?format=csv${suffix}`, text: 'CSV' },
    ],
  });
  const form =
    '<form class="period" method="get" action="/admin">' +
    `<label>с <input type="date" name="from" value="${esc(report.period.from)}"></label> ` +
    `<label>по <input type="date" name="to" value="${esc(report.period.to)}"></label> ` +
    '<button type="submit">Показать</button></form>' +
    '<form method="post" action="/admin/logout"><button type="submit">Выйти</button></form>';
  const banner = notice ? `<p class="notice" role="status">${esc(notice)}</p>` : '';
  return html.replace('<main>', `<main>\n${banner}${form}`);
}

export function loginPage(failed: boolean): string {
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Вход — интеграция Битрикс24 ↔ 1С</title>
<style>body{font-family:system-ui,sans-serif;margin:48px}input{width:28em}</style></head>
<body><h1>Отчёт по заявкам</h1>
${failed ? '<p role="alert">Неверный токен.</p>' : ''}
<form method="post" action="/admin/login">
<label>Токен администратора (admin.token): <input type="password" name="token" autocomplete="current-password" autofocus></label>
<button type="submit">Войти</button></form></body></html>
`;
}
