/**
 * The browser scripts of the report's HTML: the charting library (Chart.js UMD build from node_modules,
 * so the page works without internet) and our chart script. Read once, from disk.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export const CHART_LIBRARY_FILE = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
export const CHART_SCRIPT_FILE = fileURLToPath(new URL('./assets/report-charts.js', import.meta.url));

let cache: { chartLibrary: string; chartScript: string } | undefined;

export function reportScripts(): { chartLibrary: string; chartScript: string } {
  cache ??= {
    chartLibrary: readFileSync(CHART_LIBRARY_FILE, 'utf8'),
    chartScript: readFileSync(CHART_SCRIPT_FILE, 'utf8'),
  };
  return cache;
}
