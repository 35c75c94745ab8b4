/** Shared helpers of the 1C sandbox conformance tests: a sandbox on a random port and an HTTP client. */
import { startOneCSandbox, type OneCSandbox, type OneCSandboxOptions } from '../../sandbox/onec/server';

export const IDS = {
  statusNew: 'a3c1e001-d1a0-11ef-8a3b-0050569f2e01',
  statusInWork: 'a3c1e002-d1a0-11ef-8a3b-0050569f2e01',
  statusDone: 'a3c1e004-d1a0-11ef-8a3b-0050569f2e01',
  romashka: '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01',
  empty: '00000000-0000-0000-0000-000000000000',
};

export const NOMETA = '$format=application/json;odata=nometadata';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json(): Record<string, unknown>;
}

export interface TestClient {
  sb: OneCSandbox;
  /** `path` is relative to the service root; pass `auth: null` to send no credentials. */
  call(
    method: string,
    path: string,
    opts?: { body?: unknown; raw?: string; headers?: Record<string, string>; auth?: string | null },
  ): Promise<Answer>;
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

export async function startClient(opts: OneCSandboxOptions = {}): Promise<TestClient> {
  const sb = await startOneCSandbox({ port: 0, ...opts });
  const call: TestClient['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const auth = o.auth === undefined ? basic(sb.user, sb.password) : o.auth;
    if (auth !== null) headers.Authorization = auth;
    let body: string | undefined = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const url = path.startsWith('http') ? path : sb.odataUrl + path;
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      json: () => JSON.parse(text) as Record<string, unknown>,
    };
  };
  return { sb, call, get: (path, headers) => call('GET', path, { headers }) };
}

/** The `value` array of a JSON collection answer. */
export function rows(answer: Answer): Record<string, unknown>[] {
  return answer.json().value as Record<string, unknown>[];
}

export function odataError(answer: Answer): { code: string; value: string } {
  const err = answer.json()['odata.error'] as { code: string; message: { lang: string; value: string } };
  return { code: err.code, value: err.message.value };
}

export const newRequest = {
  Date: '2025-01-13T10:15:00',
  Контрагент_Key: IDS.romashka,
  Описание: 'Не включается кассовый аппарат',
  ТипЗаявки: 'Ремонт',
  Статус_Key: IDS.statusNew,
  Ответственный: 'Иванова Мария',
  ИдЭлементаБитрикс24: '187',
};

/** Creates a `Document_Заявка` and returns its JSON body (fails the test on a non-201). */
export async function createRequest(
  c: TestClient,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const res = await c.call('POST', 'Document_Заявка?$format=json', { body: { ...newRequest, ...extra } });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.json();
}
