/** What `npm run bench` is asked for and how it prints its figures: pure, so it is tested without a run. */
import { parseArgs } from 'node:util';
import type { BenchSetup } from './stack';

/** `--cluster`: the scaled-out setup instead of the single machine. Unknown options are refused. */
export function parseBenchArgs(argv: string[]): { setup: BenchSetup } {
  const { values } = parseArgs({
    args: argv,
    options: { cluster: { type: 'boolean', default: false } },
    strict: true,
  });
  return { setup: values.cluster ? 'cluster' : 'single machine' };
}

/** A markdown table; a `|` inside a cell is escaped so it cannot split the cell. */
export function markdownTable(head: string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cell = (value: string | number) => String(value).replaceAll('|', '\\|');
  const line = (cells: ReadonlyArray<string | number>) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
