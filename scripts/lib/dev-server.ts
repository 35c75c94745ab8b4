/** Command-line arguments for `temporal server start-dev`, shared by `npm run temporal` and the demo. */
import { requestSearchAttributes } from '../../workflows/search-attributes';

export interface DevServerSettings {
  ip: string;
  port: number;
  uiPort: number;
  dbFile: string;
  namespace: string;
  /** `warn` unless given; the demo passes `error`: its console is for the banner. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Codec server the Web UI calls to show decrypted payloads (`--ui-codec-endpoint`). */
  codecEndpoint?: string;
}

export function devServerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DevServerSettings {
  const port = Number(env.TEMPORAL_PORT ?? 7233);
  return {
    ip: env.TEMPORAL_IP ?? '127.0.0.1',
    port,
    uiPort: Number(env.TEMPORAL_UI_PORT ?? 8233),
    dbFile: env.TEMPORAL_DB_FILE ?? '.data/temporal.sqlite',
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    ...(env.TEMPORAL_CODEC_ENDPOINT ? { codecEndpoint: env.TEMPORAL_CODEC_ENDPOINT } : {}),
  };
}

const typeFlag: Record<string, string> = { INT: 'Int', KEYWORD: 'Keyword', TEXT: 'Text', BOOL: 'Bool' };

export function devServerArgs(s: DevServerSettings): string[] {
  const attributes = requestSearchAttributes.flatMap((key) => [
    '--search-attribute',
    `${key.name}=${typeFlag[key.type] ?? 'Keyword'}`,
  ]);
  return [
    'server',
    'start-dev',
    '--ip',
    s.ip,
    '--port',
    String(s.port),
    '--ui-port',
    String(s.uiPort),
    '--db-filename',
    s.dbFile,
    '--namespace',
    s.namespace,
    '--log-level',
    s.logLevel ?? 'warn',
    ...attributes,
    ...(s.codecEndpoint ? ['--ui-codec-endpoint', s.codecEndpoint] : []),
  ];
}
