/** Runs the 1C OData sandbox standalone: `npx tsx sandbox/onec/main.ts` (options from `ONEC_*` env). */
import { oneCSandboxOptionsFromEnv } from './config';
import { startOneCSandbox } from './server';

const sandbox = await startOneCSandbox(oneCSandboxOptionsFromEnv(process.env));
console.log(`[onec-sandbox] OData at ${sandbox.odataUrl} (user ${sandbox.user})`);
console.log(`[onec-sandbox] faults at ${sandbox.baseUrl}/__sandbox/faults`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
