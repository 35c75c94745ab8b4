/**
 * Finds the self-hosted Temporal server and its SQL schema tool (what `npm run cluster` runs on PostgreSQL),
 * building them when none is present. Same chain as the CLI (scripts/lib/temporal-cli): $TEMPORAL_SERVER /
 * $TEMPORAL_SQL_TOOL → project-local build (.temporal/server-<version>/) → `temporal-server` and
 * `temporal-sql-tool` on PATH (the names in Temporal's images) → `go install` from the Go module proxy.
 * docker-compose.yml runs the same version (TEMPORAL_VERSION); a test keeps the two equal.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { goInstall, localToolsDir, type Log, onPath } from './go-install';

export const TEMPORAL_SERVER_VERSION = '1.29.1';

const SERVER_MODULE = 'go.temporal.io/server';
const buildDir = path.join(localToolsDir, `server-${TEMPORAL_SERVER_VERSION}`);
const built = { server: path.join(buildDir, 'server'), sqlTool: path.join(buildDir, 'sql') };

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
}

/** Both programs answer `--version` with the version we pin (an older server may not read our config). */
function isPinnedVersion(binary: string): boolean {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return probe.status === 0 && probe.stdout.includes(TEMPORAL_SERVER_VERSION);
}

function usable(pair: Partial<TemporalServerBinaries>): TemporalServerBinaries | undefined {
  const { server, sqlTool } = pair;
  if (!server || !sqlTool || !existsSync(server) || !existsSync(sqlTool)) return undefined;
  return isPinnedVersion(server) && isPinnedVersion(sqlTool) ? { server, sqlTool } : undefined;
}

/** Paths of a working server and schema tool, building them if needed; undefined when none can be had. */
export function ensureTemporalServer(
  log: Log = (line) => console.error(`[cluster] ${line}`),
): TemporalServerBinaries | undefined {
  const fromEnv = usable({ server: process.env.TEMPORAL_SERVER, sqlTool: process.env.TEMPORAL_SQL_TOOL });
  if (fromEnv) return fromEnv;
  const local = usable(built);
  if (local) return local;
  const system = usable({
    server: onPath('temporal-server', isPinnedVersion),
    sqlTool: onPath('temporal-sql-tool', isPinnedVersion),
  });
  if (system) return system;
  const packages = [`${SERVER_MODULE}/cmd/server`, `${SERVER_MODULE}/cmd/tools/sql`];
  if (!goInstall(packages, TEMPORAL_SERVER_VERSION, buildDir, log)) return undefined;
  return usable(built);
}

export const NO_SERVER_MESSAGE =
  `No Temporal server ${TEMPORAL_SERVER_VERSION} could be found or built: install Go (it builds ` +
  `${SERVER_MODULE}/cmd/server and cmd/tools/sql from the Go module proxy into .temporal/), or set ` +
  'TEMPORAL_SERVER and TEMPORAL_SQL_TOOL to temporal-server and temporal-sql-tool binaries.';
