/**
 * Payload encryption end to end: a request runs through the real dev server with the demo configuration
 * (codec on); the raw histories the Temporal service stores — what its database, backups and Web UI hold —
 * contain no phone, e-mail, INN or name of the client, while our client and the authenticated codec server
 * read them back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import proto from '@temporalio/proto';
import { startCodecServer, type CodecServer } from '../../codec/codec-server';
import { encryptionCodecFromConfig } from '../../codec/data-converter';
import { requestWorkflowId } from '../../client/request-dispatcher';
import { requestStateQuery } from '../../workflows/messages';
import { waitFor } from '../support/wait-for';
import { createCompany, createRequestItem, documentsOf } from './systems';
import { startTestStack, type TestStack } from './stack';

const HistoryResponse = proto.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
const CLIENT = {
  title: 'ООО "Секретный Клиент"',
  phone: '8 (495) 765-43-21',
  email: 'Boss@Secret-Client.RU',
  inn: '7707083893',
};
/** Every spelling of the client's data that could end up in a history. */
const SECRETS = [
  'Секретный Клиент',
  '+74957654321',
  '4957654321',
  '765-43-21',
  'boss@secret-client.ru',
  'Boss@Secret-Client.RU',
  '7707083893',
];

/** The value as UTF-8 bytes and as base64 text at each of the three byte alignments. */
function spellings(value: string): Buffer[] {
  const bytes = Buffer.from(value, 'utf8');
  const base64 = [0, 1, 2].map((shift) => {
    const text = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Drop the characters that depend on the unknown neighbouring bytes.
    return Buffer.from(text.slice(Math.ceil((shift * 4) / 3) + 1, -4), 'utf8');
  });
  return [bytes, ...base64.filter((b) => b.length >= 8)];
}

let t: TestStack;
let codecServer: CodecServer;
const TOKEN = 'integration-codec-token-0123456789';
before(async () => {
  t = await startTestStack('encrypted-history');
  const codec = encryptionCodecFromConfig(t.stack.config);
  assert.ok(codec, 'the demo configuration has encryption on');
  codecServer = await startCodecServer({
    host: '127.0.0.1',
    port: 0,
    codec,
    tokens: [TOKEN],
    allowedOrigins: [],
    namespace: t.stack.config.temporal.namespace,
    log: () => {},
  });
});
after(async () => {
  await codecServer?.close();
  await t?.close();
});

/** Raw history as the service returns it, without any decoding: every page, as protobuf bytes. */
async function rawHistory(
  workflowId: string,
): Promise<{ bytes: Buffer; events: proto.temporal.api.history.v1.IHistoryEvent[] }> {
  const pages: Buffer[] = [];
  const events: proto.temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await t.env.connection.workflowService.getWorkflowExecutionHistory({
      namespace: t.stack.config.temporal.namespace,
      execution: { workflowId },
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    pages.push(Buffer.from(HistoryResponse.encode(page).finish()));
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { bytes: Buffer.concat(pages), events };
}

describe('encrypted payloads', { timeout: 120_000 }, () => {
  test('raw histories hold no client data; the client and the authenticated codec server decode them', async () => {
    const companyId = await createCompany(t.stack, CLIENT);
    const itemId = await createRequestItem(t.stack, {
      title: 'Заявка',
      companyId,
      description: 'Нужна помощь',
    });
    const workflowId = requestWorkflowId(1038, itemId);
    const handle = t.stack.client.workflow.getHandle(workflowId);
    await waitFor('document posted', async () => (await documentsOf(t.stack, itemId))[0]?.Posted === true);
    const state = await waitFor('status sync', async () => {
      const s = await handle.query(requestStateQuery);
      return s.phase === 'syncing-status' ? s : undefined;
    });
    assert.equal(state.counterparty?.inn, CLIENT.inn, 'our client decodes the query answer');

    // Every workflow of this run: the request and, when its counterparty had to be created, the
    // counterparty workflow it started (an existing counterparty is found without one).
    const ids: string[] = [];
    for await (const execution of t.stack.client.workflow.list()) ids.push(execution.workflowId);
    assert.ok(ids.includes(workflowId), ids.join(', '));
    let encryptedPayloads = 0;
    let sealedInput: proto.temporal.api.common.v1.IPayload | undefined;
    for (const id of ids) {
      const { bytes, events } = await rawHistory(id);
      for (const secret of SECRETS) {
        for (const spelling of spellings(secret)) {
          assert.equal(bytes.includes(spelling), false, `${id}: "${secret}" found in the raw history`);
        }
      }
      encryptedPayloads += bytes.toString('latin1').split('binary/encrypted').length - 1;
      if (id === workflowId) {
        const activityResults = events.flatMap(
          (e) => e.activityTaskCompletedEventAttributes?.result?.payloads ?? [],
        );
        sealedInput = activityResults.find((p) => Buffer.from(p.data ?? []).length > 200);
      }
    }
    assert.ok(encryptedPayloads > 5, `payloads are sealed (${encryptedPayloads} found)`);

    // What the Web UI does: post a sealed payload to the codec server; only a token opens it.
    assert.ok(sealedInput);
    const body = JSON.stringify({
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(sealedInput.metadata ?? {}).map(([k, v]) => [
              k,
              Buffer.from(v).toString('base64'),
            ]),
          ),
          data: Buffer.from(sealedInput.data ?? []).toString('base64'),
        },
      ],
    });
    const decode = (headers: Record<string, string>) =>
      fetch(`${codecServer.url}/decode`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      });
    const refused = await decode({});
    assert.equal(refused.status, 401);
    const opened = await decode({ Authorization: `Bearer ${TOKEN}` });
    assert.equal(opened.status, 200);
    const [payload] = ((await opened.json()) as { payloads: Array<{ data: string }> }).payloads;
    const text = Buffer.from(payload?.data ?? '', 'base64').toString('utf8');
    assert.notEqual(text, '');
    assert.doesNotThrow(() => JSON.parse(text), 'a decoded payload is the plain JSON the workflow saw');
  });
});
