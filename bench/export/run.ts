/**
 * `npm run bench -- export`: one Bitrix24 sandbox with the cloud limits ON (2 requests/s, bucket 50; 480 s of
 * server time per method per 10 minutes, charged the way the vendor describes — see
 * sandbox/bitrix24/server-time.ts), seeded with BENCH_EXPORT_ROWS (100 000) companies, exported twice in one
 * run: by the project's reader (activities/bitrix24/export.ts, under the governor) and by fast_bitrix24's
 * `get_all`. Each starts from an empty bucket and a fresh operating window. Measured: rows per second, server
 * time charged, refused calls. Target: the project ≥ 3 × fast_bitrix24's rate, never refused.
 *
 * Under the documented limit fast_bitrix24 is refused (OPERATION_TIME_LIMIT) and has no rate, so it runs a
 * second time with the operating limit lifted (server time still charged and reported): that run is the
 * denominator. The sandbox charges server time without sleeping it away, so besides rows per wall-second the
 * table gives two modelled rates: rows per second of a portal that spends what it charges, calls one after
 * the other — rows / (wall s + server s); and the best rate a client can keep within the documented limit,
 * which lets a method spend 480 s of server time per 10 minutes — rows / (wall s + 600/480 × the server
 * seconds beyond the first window's 480), i.e. the waits for later windows a paced client cannot avoid.
 */
import { Bitrix24Client } from '../../activities/bitrix24/client';
import { exportAll, type ExportSource } from '../../activities/bitrix24/export';
import { Bitrix24Governor, CLOUD_LIMITS } from '../../activities/bitrix24/governor';
import { TABLES } from '../../sandbox/bitrix24/crm/model';
import { CLOUD_RATE_LIMIT } from '../../sandbox/bitrix24/rate-limit';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { round } from '../stats';
import { installFastBitrix24, runFastBitrix24 } from './fast-bitrix24';

const METHOD = 'crm.company.list';
/** The cloud's budget per method per 10 minutes. */
const OPERATING_LIMIT_SECONDS = 480;
const WINDOW_SECONDS = 600;
const SELECT = ['ID', 'TITLE', 'COMPANY_TYPE'];

export interface ExportRow {
  reader: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  serverSeconds: number;
  refused: number;
  requests: number;
  /** rows / (seconds + serverSeconds): the rate if every call took the server time it is charged. */
  rowsPerServedSecond: number;
  /** rows / (seconds + the waits the operating limit imposes on this much server time). */
  rowsPerSecondWithinLimit: number;
  /** Whether the per-method operating limit (480 s / 10 min) was enforced during this run. */
  operatingLimit: boolean;
  note?: string;
}

function seed(sandbox: Bitrix24Sandbox, count: number): void {
  const table = sandbox.store.table<Record<string, unknown>>(TABLES.companies);
  for (let i = 1; i <= count; i++) {
    const id = table.nextId();
    table.insert(id, {
      ID: String(id),
      TITLE: `ООО «Клиент ${i}»`,
      COMPANY_TYPE: i % 5 === 0 ? 'SUPPLIER' : 'CUSTOMER',
      OPENED: 'Y',
      ASSIGNED_BY_ID: '1',
    });
  }
}

function measured(
  sandbox: Bitrix24Sandbox,
  run: { reader: string; rows: number; seconds: number; operatingLimit: boolean; note?: string | undefined },
): ExportRow {
  const stats = sandbox.stats.get();
  const serverSeconds = stats.serverSeconds[METHOD.toLowerCase()] ?? 0;
  const served = run.seconds + serverSeconds;
  const paced =
    run.seconds +
    (Math.max(0, serverSeconds - OPERATING_LIMIT_SECONDS) * WINDOW_SECONDS) / OPERATING_LIMIT_SECONDS;
  return {
    reader: run.reader,
    rows: run.rows,
    seconds: round(run.seconds, 2),
    rowsPerSecond: run.seconds > 0 ? Math.round(run.rows / run.seconds) : 0,
    serverSeconds: round(serverSeconds, 1),
    refused: Object.values(stats.refused).reduce((sum, n) => sum + n, 0),
    requests: stats.requests,
    rowsPerServedSecond: served > 0 ? Math.round(run.rows / served) : 0,
    rowsPerSecondWithinLimit: paced > 0 ? Math.round(run.rows / paced) : 0,
    operatingLimit: run.operatingLimit,
    ...(run.note ? { note: run.note } : {}),
  };
}

/** Each reader starts from an empty bucket, a fresh operating window and zeroed counters. */
function freshPortal(sandbox: Bitrix24Sandbox): void {
  sandbox.resetLimits();
  sandbox.stats.reset();
}

export async function exportBench(count: number, log: (line: string) => void): Promise<ExportRow[]> {
  const sandbox = await startBitrix24Sandbox({
    port: 0,
    httpsPort: false,
    seed: false,
    rateLimit: { ...CLOUD_RATE_LIMIT },
    operatingLimitSeconds: OPERATING_LIMIT_SECONDS,
  });
  try {
    seed(sandbox, count);
    log(`seeded ${count} companies; cloud limits on (2 req/s, bucket 50, 480 s per method per 10 min)`);
    const rows: ExportRow[] = [];

    freshPortal(sandbox);
    const client = new Bitrix24Client({
      webhookUrl: sandbox.webhookUrl,
      governor: new Bitrix24Governor(CLOUD_LIMITS),
    });
    const source: ExportSource = { method: METHOD, params: { select: SELECT }, idField: 'ID' };
    const started = performance.now();
    const ours = await exportAll(client, source);
    rows.push(
      measured(sandbox, {
        reader: 'b24-onec-bridge (start=-1, >ID cursor, 50 chained pages per batch)',
        rows: ours.rows,
        seconds: (performance.now() - started) / 1000,
        operatingLimit: true,
      }),
    );
    log(`project reader: ${ours.rows} rows`);

    const install = installFastBitrix24(log);
    if (!install.ok) {
      rows.push({
        reader: 'fast_bitrix24 get_all',
        rows: 0,
        seconds: 0,
        rowsPerSecond: 0,
        serverSeconds: 0,
        refused: 0,
        requests: 0,
        rowsPerServedSecond: 0,
        rowsPerSecondWithinLimit: 0,
        operatingLimit: true,
        note: `skipped: ${install.reason}`,
      });
      return rows;
    }
    const timeoutMs = Number(process.env.BENCH_EXPORT_TIMEOUT_S ?? 900) * 1000;
    const fast = async (operatingLimit: boolean) => {
      freshPortal(sandbox);
      sandbox.setOperatingLimit(operatingLimit ? OPERATING_LIMIT_SECONDS : Number.POSITIVE_INFINITY);
      const began = performance.now();
      const theirs = await runFastBitrix24(install.python, sandbox.webhookUrl, METHOD, SELECT, timeoutMs);
      const row = measured(sandbox, {
        reader: `fast_bitrix24 get_all (start= pages, 50 per batch)${operatingLimit ? '' : ', operating limit lifted'}`,
        rows: theirs.rows,
        seconds: theirs.seconds || (performance.now() - began) / 1000,
        operatingLimit,
        note: theirs.error,
      });
      log(
        `fast_bitrix24${operatingLimit ? '' : ' (limit lifted)'}: ${theirs.rows} rows${theirs.error ? ` (${theirs.error})` : ''}`,
      );
      return row;
    };
    rows.push(await fast(true));
    // The denominator: the same export on a portal that charges the same server time but refuses nothing.
    rows.push(await fast(false));
    sandbox.setOperatingLimit(OPERATING_LIMIT_SECONDS);
    return rows;
  } finally {
    await sandbox.close();
  }
}
