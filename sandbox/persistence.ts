/**
 * Keeps a sandbox's store in a JSON file across restarts (`SANDBOX_STATE_DIR`, used by `npm run demo`): the
 * sandbox plays an external system's database, and a real portal or 1C base does not forget yesterday's
 * requests when our module restarts. Loaded once at start (replacing the seed), written atomically
 * (temporary file + rename) shortly after a change and once more on close.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** How often the store is compared with what was last written; a change is on disk within this time. */
const SAVE_INTERVAL_MS = 500;

export interface SnapshotStore<S> {
  snapshot(): S;
  restore(snapshot: S): void;
}

export interface PersistedStore {
  /** Whether the store was loaded from the file (false: a first start, the seed stays). */
  loaded: boolean;
  /** Writes now if anything changed since the last write. */
  flush(): void;
  /** Stops the periodic save after a final flush. */
  close(): void;
}

export function persistStore<S>(file: string, store: SnapshotStore<S>, schema: z.ZodType<S>): PersistedStore {
  let loaded = false;
  if (existsSync(file)) {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      throw new Error(
        `${file} is not a sandbox state file (${parsed.error.issues[0]?.message ?? 'invalid'}): ` +
          'delete it, or start the demo with --fresh',
      );
    }
    store.restore(parsed.data);
    loaded = true;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  let written = loaded ? JSON.stringify(store.snapshot()) : '';

  const flush = (): void => {
    const text = JSON.stringify(store.snapshot());
    if (text === written) return;
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, file);
    written = text;
  };
  const timer = setInterval(flush, SAVE_INTERVAL_MS);
  timer.unref();
  return {
    loaded,
    flush,
    close: () => {
      clearInterval(timer);
      flush();
    },
  };
}

const json: z.ZodType<unknown> = z.unknown();

export const bitrix24StateSchema = z.record(
  z.object({
    lastId: z.number().int(),
    rows: z.array(z.tuple([z.number().int(), z.record(json)])),
  }),
);

export const onecStateSchema = z.object({
  versionCounter: z.number().int(),
  sets: z.record(z.array(z.record(z.union([z.string(), z.number(), z.boolean(), z.null()])))),
});
