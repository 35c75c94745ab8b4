/**
 * `npm run report -- --from 2026-01-01 --to 2026-12-31 --format table|json|csv|html [--stuck-days N] [--out FILE]`
 * «Отчёт по заявкам» from 1C and Temporal, with the configuration of `npm start` (config/integration.json or
 * $B24ONEC_CONFIG). Dates are whole days in the 1C base's time zone; default: this year up to today.
 * The html format is one self-contained file (charts included) that opens without internet.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { reportSourcesFromConfig } from '../admin/configured';
import { connectTemporal } from '../client/temporal-client';
import { loadConfig } from '../config/load';
import { exitOnConfigError } from '../config/startup';
import { PeriodError, reportPeriod } from '../domain/report/period';
import { renderCsv } from '../domain/report/render-csv';
import { renderHtml } from '../domain/report/render-html';
import { renderTable } from '../domain/report/render-text';
import { reportScripts } from '../report/assets';
import { gatherReport } from '../report/gather';

const FORMATS = ['table', 'json', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string', default: 'table' },
    'stuck-days': { type: 'string' },
    out: { type: 'string' },
  },
});

const format = values.format as Format;
if (!FORMATS.includes(format)) fail(`--format must be one of ${FORMATS.join(', ')}`);
const stuckDays = values['stuck-days'] === undefined ? undefined : Number(values['stuck-days']);
if (stuckDays !== undefined && !(Number.isInteger(stuckDays) && stuckDays > 0))
  fail('--stuck-days must be a positive whole number');

const config = exitOnConfigError(() => loadConfig());
let period;
try {
  period = reportPeriod(values.from, values.to, config.onec.timezone, Date.now());
} catch (err) {
  if (err instanceof PeriodError) fail(err.message);
  throw err;
}
const client = await connectTemporal(config);
try {
  const sources = reportSourcesFromConfig(config, client);
  const report = await gatherReport(
    { ...sources, stuckAfterDays: stuckDays ?? sources.stuckAfterDays },
    period,
  );
  const text = render(format, report);
  if (values.out) {
    writeFileSync(values.out, text);
    console.error(`report written to ${values.out}`);
  } else process.stdout.write(text);
} finally {
  await client.connection.close();
}

function render(f: Format, report: Awaited<ReturnType<typeof gatherReport>>): string {
  switch (f) {
    case 'table':
      return renderTable(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return renderCsv(report);
    case 'html': {
      const scripts = reportScripts();
      return renderHtml(report, {
        chartLibrary: { inline: scripts.chartLibrary },
        chartScript: { inline: scripts.chartScript },
      });
    }
  }
}

function fail(message: string): never {
  console.error(`report: ${message}`);
  process.exit(2);
}
