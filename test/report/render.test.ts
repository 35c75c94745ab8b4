import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildReport } from '../../domain/report/build';
import { csvCell, renderCsv } from '../../domain/report/render-csv';
import { CHARTS, renderHtml } from '../../domain/report/render-html';
import { renderTable } from '../../domain/report/render-text';
import { OPTIONS, REQUESTS, RUNS } from './fixtures';

const report = buildReport(REQUESTS, RUNS, OPTIONS);

describe('report formats', () => {
  test('table: every section with aligned columns', () => {
    const text = renderTable(report);
    assert.match(text, /^Отчёт по заявкам 2026-01-01 — 2026-12-31/);
    assert.ok(text.includes('\n  Заявок за период                  5\n'));
    assert.ok(
      text.includes('По менеджерам\n  Ответственный  Заявок\n  -------------  ------\n  Иванова Мария  3\n'),
    );
    assert.match(text, /Ремонт +2 +2\.0 +10\.0/);
    assert.match(text, /Сбойные запуски\n.*\n.*\n {2}request-b24-1038-8 /);
  });

  test('csv: section id first, CRLF, BOM, quoting and formula-safe cells', () => {
    const csv = renderCsv(report);
    assert.ok(csv.startsWith('\uFEFFtotals,Показатель,Значение\r\n'));
    assert.ok(csv.includes('\r\nby-counterparty,"ООО ""Ромашка""",4\r\n'));
    assert.ok(csv.includes('\r\nduration,Ремонт,2,2.0,10.0\r\n'));
    assert.ok(csv.includes('\r\nfailed,request-b24-1038-8,33333333-3333-4333-8333-333333333333,«Касса»,'));
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('-5'), "'-5");
    assert.equal(csvCell('a,b'), '"a,b"');
  });

  test('html: canvases for the charts, the data as escaped JSON, scripts by reference or inline', () => {
    const hostile = buildReport(
      [{ ...REQUESTS[0]!, counterparty: '</script><img src=x onerror=alert(1)>' }],
      [],
      OPTIONS,
    );
    const page = renderHtml(hostile, {
      chartLibrary: { src: '/lib.js' },
      chartScript: { inline: 'draw("</script>")' },
    });
    for (const chart of CHARTS) assert.ok(page.includes(`<canvas id="${chart.id}"`), chart.id);
    assert.ok(page.includes('<script src="/lib.js"></script>'));
    assert.ok(page.includes('draw("<\\/script>")'));
    assert.ok(!page.includes('<img src=x'), 'no markup from data');
    assert.ok(page.includes('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(page.includes('"key":"\\u003c/script>\\u003cimg'));
    const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(page)?.[1];
    assert.deepEqual(JSON.parse(json ?? ''), JSON.parse(JSON.stringify(hostile)));
  });

  test('html: retry forms only where a retry action is given', () => {
    const scripts = { chartLibrary: { src: '/a.js' }, chartScript: { src: '/b.js' } };
    assert.ok(!renderHtml(report, scripts).includes('<form'));
    const admin = renderHtml(report, { ...scripts, retryAction: '/admin/retry' });
    assert.ok(
      admin.includes(
        '<form method="post" action="/admin/retry"><input type="hidden" name="workflowId" value="request-b24-1038-8"><input type="hidden" name="runId" value="33333333-3333-4333-8333-333333333333"><button type="submit">Повторить</button></form>',
      ),
    );
  });
});
