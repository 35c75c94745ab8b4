/**
 * `npm run cluster` — the scaled-out deployment on this machine: the Temporal server (built from source on
 * first run) on PostgreSQL, with the same server configuration as docker-compose.yml. Data survives restarts
 * (.data/cluster/). With `--with-app`, also the sandboxes, several workers and several receivers.
 *
 *   npm run cluster [-- --postgres-url postgres://user:pw@host:5432] [--port 7233] [--postgres-port 5433]
 *                   [--namespace default] [--with-app [--workers 2] [--receivers 2] [--receiver-port 3000]]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeSandboxes } from '../sandbox/start';
import { type Cluster, defaultPorts, SERVER_CONFIG_FILE, startCluster } from './lib/cluster';
import { type ClusterApp, startClusterApp } from './lib/cluster-app';

const { values: args } = parseArgs({
  options: {
    'postgres-url': { type: 'string' },
    port: { type: 'string' },
    'postgres-port': { type: 'string' },
    namespace: { type: 'string' },
    'with-app': { type: 'boolean', default: false },
    workers: { type: 'string', default: '2' },
    receivers: { type: 'string', default: '2' },
    'receiver-port': { type: 'string', default: '3000' },
  },
});

const dataDir = path.resolve(process.env.CLUSTER_DATA_DIR ?? '.data/cluster');
const postgresUrl = args['postgres-url'] ?? process.env.TEMPORAL_POSTGRES_URL;
let cluster: Cluster;
try {
  cluster = await startCluster({
    dataDir,
    ...(postgresUrl ? { postgresUrl } : {}),
    postgresPort: Number(args['postgres-port'] ?? process.env.CLUSTER_POSTGRES_PORT ?? 5433),
    ports: defaultPorts(Number(args.port ?? process.env.TEMPORAL_PORT ?? 7233)),
    namespace: args.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default',
  });
} catch (error) {
  console.error(`Cluster did not start: ${(error as Error).message}`);
  process.exit(1);
}

const db = cluster.postgres;
console.log(`Temporal cluster:    ${cluster.address}, namespace ${cluster.namespace}`);
console.log(
  `  server config:     ${path.relative(process.cwd(), SERVER_CONFIG_FILE)} (also used by docker-compose.yml)`,
);
console.log(`  server log:        ${cluster.server.logFile}`);
console.log(
  `  PostgreSQL:        ${db.host}:${db.port} (user ${db.user}; ${db.local ? `data in ${path.join(dataDir, 'pg')}` : 'external'})`,
);
console.log(
  `Point workers and receivers at it: TEMPORAL_ADDRESS=${cluster.address} TEMPORAL_NAMESPACE=${cluster.namespace}`,
);

let app: ClusterApp | undefined;
if (args['with-app']) {
  const receivers = Number(args.receivers);
  const firstPort = Number(args['receiver-port']);
  try {
    app = await startClusterApp({
      address: cluster.address,
      namespace: cluster.namespace,
      workers: Number(args.workers),
      receivers,
      receiverPorts: Array.from({ length: receivers }, (_, i) => firstPort + i),
      dataDir: path.join(dataDir, 'app'),
    });
  } catch (error) {
    console.error(`The module did not start: ${(error as Error).message}`);
    await cluster.stop();
    process.exit(1);
  }
  console.log(describeSandboxes(app.sandboxes));
  console.log(`Module (configuration ${app.configFile})`);
  for (const r of app.receivers) console.log(`  ${r.name}: ${r.url} (Bitrix24 events registered to each)`);
  for (const w of app.workers)
    console.log(`  ${w.name}: task queue ${app.config.temporal.taskQueue}, log ${w.logFile}`);
}
console.log('Cluster ready. Ctrl+C stops it; its data stays for the next start.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    void (async () => {
      await app?.close();
      await cluster.stop();
      console.log('Cluster stopped.');
      process.exit(0);
    })();
  });
}
