/**
 * The build the long-running processes run from (`npm run build`, into `dist/`): plain JavaScript instead
 * of TypeScript through tsx, whose loader thread, module hooks and source maps (and webpack at every start)
 * cost the worker 70–90 MB in the benchmark, and start-up time. `tsc` checks types (`npm run typecheck`) but cannot emit runnable ES modules from
 * this code's extension-less imports, so esbuild (already installed as tsx's transpiler) bundles each entry
 * with the project's own modules inside and the npm packages left as imports. Also built once, here:
 *  - `workflows.js`: the Temporal workflow bundle (webpack, as the SDK builds it), so a worker does not run
 *    webpack at every start; built with the payload codec's failure converter, as the worker would;
 *  - `budget-workflows.js`: the same for the portal budget's own small worker;
 *  - `failure-converter.cjs`: that converter for the SDK to `require` at run time (codec/data-converter.ts).
 * `ensureBuilt()` rebuilds only when a source file the build was made from changed, so the scripts that run
 * the build (worker, receiver, start, bench, chaos, cluster) can call it before every start.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { bundleWorkflowCode } from '@temporalio/worker';
import { projectRoot } from './go-install';

export const distDir = path.join(projectRoot, 'dist');

/** The processes a deployment runs, by the name of their file in `dist/`. */
export const ENTRIES = {
  worker: 'workers/main.ts',
  receiver: 'client/main.ts',
  start: 'scripts/start.ts',
  'codec-server': 'codec/main.ts',
} as const;

export type EntryName = keyof typeof ENTRIES;

/** The workflow bundles, by output file: every workflow, and the portal budget's alone (workers/request-worker.ts). */
const WORKFLOW_BUNDLES = {
  'workflows.js': 'workflows/index.ts',
  'budget-workflows.js': 'workflows/portal-budget-workflow.ts',
} as const;
const FAILURE_CONVERTER = 'codec/failure-converter.ts';
const MANIFEST = 'build.json';

interface Manifest {
  /** Every source file the outputs were made from, with a fingerprint of its size and modification time. */
  inputs: Record<string, string>;
}

const ignore = (): void => undefined;
const quiet = { trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore, log: ignore };

const fingerprint = (file: string): string => {
  const stat = statSync(path.join(projectRoot, file), { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
};

/** Another process may read the file meanwhile (parallel tests, a second harness): it sees old or new, never half. */
function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

const projectInputs = (metafile: Metafile): string[] =>
  Object.keys(metafile.inputs).filter((input) => !input.startsWith('node_modules/'));

/** Builds every entry, the workflow bundle and the failure converter into `outDir`. */
export async function buildApp(
  outDir = distDir,
  entries: Record<string, string> = ENTRIES,
): Promise<{ outDir: string; files: string[] }> {
  mkdirSync(outDir, { recursive: true });
  const common = {
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  } as const;
  const [app, converter, workflowInputs] = await Promise.all([
    // One file per entry (no shared chunks): modules that locate files by `import.meta.url` (the workflow
    // bundle, the failure converter) then find them beside the entry.
    build({
      ...common,
      entryPoints: entries,
      format: 'esm',
      outdir: outDir,
    }),
    build({
      ...common,
      entryPoints: [FAILURE_CONVERTER],
      format: 'cjs',
      outfile: path.join(outDir, 'failure-converter.cjs'),
    }),
    // Only for the list of files the workflow bundle depends on (webpack builds the bundle itself).
    build({
      ...common,
      entryPoints: Object.values(WORKFLOW_BUNDLES),
      format: 'esm',
      outdir: path.join(outDir, 'unused'),
    }),
  ]);
  // Taken before the slow part: a file edited while webpack runs makes the next start build again.
  const inputs = [
    ...new Set([app, converter, workflowInputs].flatMap((r) => projectInputs(r.metafile))),
    'package-lock.json',
  ].sort();
  const manifest: Manifest = { inputs: Object.fromEntries(inputs.map((i) => [i, fingerprint(i)])) };
  const bundles = await Promise.all(
    Object.entries(WORKFLOW_BUNDLES).map(async ([file, entry]) => {
      const { code } = await bundleWorkflowCode({
        workflowsPath: path.join(projectRoot, entry),
        failureConverterPath: path.join(projectRoot, FAILURE_CONVERTER),
        logger: quiet,
      });
      return { file, code };
    }),
  );
  const files: string[] = [];
  for (const output of [...app.outputFiles, ...converter.outputFiles]) {
    mkdirSync(path.dirname(output.path), { recursive: true });
    writeAtomically(output.path, output.text);
    files.push(output.path);
  }
  for (const { file, code } of bundles) {
    writeAtomically(path.join(outDir, file), code);
    files.push(path.join(outDir, file));
  }
  writeAtomically(path.join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, files };
}

/** True when `dist/` holds a build of the current sources (every input unchanged since it was made). */
export function isBuildCurrent(outDir = distDir): boolean {
  const manifestFile = path.join(outDir, MANIFEST);
  if (!existsSync(manifestFile)) return false;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const outputs = [
    ...Object.keys(ENTRIES).map((e) => `${e}.js`),
    ...Object.keys(WORKFLOW_BUNDLES),
    'failure-converter.cjs',
  ];
  return (
    outputs.every((o) => existsSync(path.join(outDir, o))) &&
    Object.entries(manifest.inputs).every(([input, seen]) => fingerprint(input) === seen)
  );
}

let building: Promise<unknown> | undefined;

/** Builds `dist/` unless it is current (once per process however many ask); returns the entry's file. */
export async function ensureBuilt(entry: EntryName): Promise<string> {
  building ??= isBuildCurrent() ? Promise.resolve() : buildApp();
  await building;
  return path.join(distDir, `${entry}.js`);
}

/** Node's flags per process, as `npm run worker` / `npm start` pass them (a small young generation). */
const NODE_FLAGS: Record<EntryName, string[]> = {
  worker: ['--max-semi-space-size=1'],
  start: ['--max-semi-space-size=1'],
  receiver: [],
  'codec-server': [],
};

/** Arguments to `node` that run the entry from a current build, as its npm script does. */
export async function builtCommand(entry: EntryName): Promise<string[]> {
  return [...NODE_FLAGS[entry], await ensureBuilt(entry)];
}
