/**
 * `npm run build` — compiles the worker, receiver, `npm start` and codec server into `dist/`
 * (scripts/lib/build.ts). With `--if-stale` (run before `npm run worker` and the other compiled entries)
 * it does nothing when `dist/` was built from the current sources.
 */
import path from 'node:path';
import { statSync } from 'node:fs';
import { buildApp, isBuildCurrent } from './lib/build';
import { projectRoot } from './lib/go-install';

if (process.argv.includes('--if-stale') && isBuildCurrent()) process.exit(0);
const began = performance.now();
const { files } = await buildApp();
for (const file of files)
  console.log(`${path.relative(projectRoot, file)}  ${Math.round(statSync(file).size / 1024)} kB`);
console.log(`built in ${((performance.now() - began) / 1000).toFixed(1)} s`);
