/**
 * The logs of a whole run (worker, SDK, receiver) with credentials that are easy to grep for: a request
 * that meets the Bitrix24 rate limit and 1C down, a 1C status notification, and a forged Bitrix24 event
 * that carries the application token in its URL. Expected retries are one WARN line each without a stack,
 * and no secret appears in any log line or in the failure messages Temporal keeps in workflow histories.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { requestWorkflowId } from '../../client/request-dispatcher';
import { Redactor } from '../../domain/redaction';
import { createLogger } from '../../observability/logger';
import { installTestLogging } from '../support/temporal-env';
import { waitFor } from '../support/wait-for';
import { b24, createCompany, createRequestItem, documentsOf, odataPatch, STATUS_REF } from './systems';
import { startTestStack, type TestStack } from './stack';

const WEBHOOK_TOKEN = 'wh0okT0ken7Xq2';
const APPLICATION_TOKEN = 'appT0ken-Zk81-secret';
const ONEC_PASSWORD = 'onecPa55-Qw19';
const NOTIFY_SECRET = 'notifySecret-Lm42-0123456789';

const lines: string[] = [];
const redactor = new Redactor();
const logger = createLogger({
  level: 'info',
  format: 'json',
  redactor,
  destination: { write: (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)) },
});

let t: TestStack;
before(async () => {
  installTestLogging(logger);
  t = await startTestStack('logs', {
    sandboxEnv: {
      B24_SANDBOX_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      B24_SANDBOX_APPLICATION_TOKEN: APPLICATION_TOKEN,
      ONEC_SANDBOX_PASSWORD: ONEC_PASSWORD,
    },
    tweak: (config) => {
      if (config.onec) config.onec.notifySecret = NOTIFY_SECRET;
    },
    logging: { logger, redactor },
  });
});
after(async () => {
  await t?.close();
});

const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('logs of an integration run', { timeout: 120_000 }, () => {
  let itemId = 0;

  // A Bitrix24 refusal is no retry any more: the governor waits its turn inside the call (see
  // test/integration/rate-limit.test.ts). So the expected retry here is 1C being down.
  test('a request through a 1C outage: one WARN line per retry, no stack', async () => {
    const companyId = await createCompany(t.stack, { title: 'ООО "Журнал"', phone: '+7 495 222-33-44' });
    t.stack.sandboxes.onec.faults.set({ down: true });
    try {
      itemId = await createRequestItem(t.stack, {
        title: 'Проверка журнала',
        companyId,
        description: 'Нужна консультация',
        requestTypeId: 101,
      });
      await waitFor('three retries against 1C down', async () =>
        entries().some((e) => /1C is unavailable/.test(String(e.msg)) && Number(e.attempt) >= 3),
      );
    } finally {
      t.stack.sandboxes.bitrix24.faults.reset();
      t.stack.sandboxes.onec.faults.reset();
    }
    const [doc] = await waitFor('posted document', async () => {
      const docs = await documentsOf(t.stack, itemId);
      return docs[0]?.Posted ? docs : undefined;
    });
    assert.ok(doc);

    const retries = entries().filter((e) => /failed, retrying/.test(String(e.msg)));
    assert.ok(retries.length >= 2, `retry lines: ${retries.length}`);
    for (const retry of retries) {
      assert.equal(retry.level, 'warn');
      assert.equal(typeof retry.attempt, 'number');
      assert.equal(typeof retry.activityType, 'string');
      assert.match(String(retry.msg), /QUERY_LIMIT_EXCEEDED|1C is unavailable/);
    }
    assert.ok(!lines.some((line) => line.includes('"stack"') || line.includes('\\n    at ')));
    assert.ok(!lines.some((line) => /webpack \d/.test(line)), 'webpack statistics printed at INFO');

    // A 1C user takes the request into work: a signed notification through the receiver.
    await odataPatch(t.stack, `Document_Заявка(guid'${doc.Ref_Key}')`, { Статус_Key: STATUS_REF.ВРаботе });
    await waitFor('the Bitrix24 stage follows 1C', async () => {
      const { item } = await b24<{ item: { stageId: string } }>(t.stack, 'crm.item.get', {
        entityTypeId: 1038,
        id: itemId,
      });
      return item.stageId === 'DT1038_10:PREPARATION';
    });
  });

  test('a forged event with the application token in its URL is logged without the token', async () => {
    const response = await fetch(
      `${t.stack.receiver.url}/webhooks/bitrix24?auth[application_token]=${APPLICATION_TOKEN}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'event=nonsense',
      },
    );
    assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
    await waitFor('the rejection in the log', async () =>
      entries().some((e) => e.msg === 'request rejected' && String(e.url).startsWith('/webhooks/bitrix24?')),
    );
  });

  test('no secret in any log line or in the failures kept in workflow histories', async () => {
    const { user } = t.stack.sandboxes.onec;
    const secrets = [
      WEBHOOK_TOKEN,
      APPLICATION_TOKEN,
      ONEC_PASSWORD,
      NOTIFY_SECRET,
      Buffer.from(`${user}:${ONEC_PASSWORD}`).toString('base64'),
    ];
    const handle = t.stack.client.workflow.getHandle(requestWorkflowId(1038, itemId));
    const history = JSON.stringify((await handle.fetchHistory()).events);
    const worker = entries().find((e) => e.msg === 'worker started');
    assert.match(String(worker?.bitrix24), /\/rest\/1\/\*\*\*\/$/);
    const output = lines.join('\n');
    for (const secret of secrets) {
      assert.ok(!output.includes(secret), `log output contains ${secret}`);
      assert.ok(!history.includes(secret), `workflow history contains ${secret}`);
    }
    assert.ok(lines.length < 200, `${lines.length} log lines`);
  });
});
