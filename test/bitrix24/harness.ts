/**
 * Shared by the Bitrix24 sandbox conformance tests: start a sandbox on random ports and call it with plain fetch.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startBitrix24Sandbox,
  type Bitrix24Sandbox,
  type Bitrix24SandboxOptions,
} from '../../sandbox/bitrix24/server';

export async function startTestSandbox(opts: Bitrix24SandboxOptions = {}): Promise<Bitrix24Sandbox> {
  return startBitrix24Sandbox({
    port: 0,
    httpsPort: false,
    certDir: mkdtempSync(path.join(tmpdir(), 'b24-cert-')),
    rateLimit: { enabled: false, ratePerSecond: 2, bucketSize: 50 },
    ...opts,
  });
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return {
    status: response.status,
    body: JSON.parse(text) as Record<string, unknown>,
    headers: response.headers,
  };
}

/** POSTs JSON to `<webhookUrl><method>`. */
export async function call(sandbox: Bitrix24Sandbox, method: string, params: unknown = {}): Promise<Answer> {
  const response = await fetch(`${sandbox.webhookUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return answer(response);
}

/** `result` of a successful call; fails the test with the error envelope otherwise. */
export async function result<T = unknown>(
  sandbox: Bitrix24Sandbox,
  method: string,
  params: unknown = {},
): Promise<T> {
  const a = await call(sandbox, method, params);
  if (a.status !== 200) throw new Error(`${method} → ${a.status} ${JSON.stringify(a.body)}`);
  return a.body.result as T;
}
