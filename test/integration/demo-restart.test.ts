/**
 * `npm run demo` as a new user runs it: start, register a request, Ctrl+C, start again, register another.
 * Both requests must reach 1C, the first one must still be there after the restart (the sandboxes keep their
 * stores beside Temporal's), and each Ctrl+C must end in exit code 0 without a stack trace. The demo runs
 * as a child process on free ports with its data in a temporary directory; SIGINT goes to its process
 * group, as a terminal's Ctrl+C does. A third run with `--fresh` starts from the seed again.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { freePort } from '../../scripts/lib/free-port';
import { waitFor } from '../support/wait-for';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'demo-restart-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

interface DemoRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  bitrix24: string;
  odata: string;
}

async function startDemo(env: NodeJS.ProcessEnv, args: string[] = []): Promise<DemoRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...args], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor('the demo banner', () => output.includes('Ctrl+C stops everything'), {
    timeoutMs: 90_000,
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`${String(err)}\n${output}`);
  });
  const printed = (label: RegExp) => {
    const value = label.exec(output)?.[1];
    assert.ok(value, `${String(label)} not in the banner:\n${output}`);
    return value;
  };
  return {
    child,
    output: () => output,
    exited,
    bitrix24: printed(/webhook \(HTTP\):\s+(\S+)/),
    odata: printed(/OData:\s+(\S+)/),
  };
}

async function stopDemo(run: DemoRun): Promise<void> {
  process.kill(-(run.child.pid ?? 0), 'SIGINT');
  const code = await run.exited;
  const output = run.output();
  assert.equal(code, 0, output);
  assert.match(output, /Demo stopped\./);
  assert.doesNotMatch(output, /Error|\n\s+at /, 'no error or stack trace on Ctrl+C');
}

async function addRequest(run: DemoRun, title: string): Promise<number> {
  const response = await fetch(`${run.bitrix24}crm.item.add.json`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      entityTypeId: 1038,
      fields: {
        title,
        companyId: 1,
        assignedById: 2,
        ufCrm5Description: 'Не включается кассовый аппарат',
        ufCrm5RequestType: 103,
      },
    }),
  });
  const body = (await response.json()) as { result: { item: { id: number } } };
  return body.result.item.id;
}

async function documentsOf(run: DemoRun): Promise<{ Number: string; ИдЭлементаБитрикс24: string }[]> {
  const response = await fetch(`${run.odata}Document_Заявка?$format=json`, {
    headers: { Authorization: `Basic ${Buffer.from('odata:odata').toString('base64')}` },
  });
  return ((await response.json()) as { value: { Number: string; ИдЭлементаБитрикс24: string }[] }).value;
}

const postedFor = (run: DemoRun, itemId: number) =>
  waitFor(
    `a 1C document for item ${itemId}`,
    async () => (await documentsOf(run)).find((d) => d.ИдЭлементаБитрикс24 === String(itemId)),
    { timeoutMs: 30_000 },
  );

test(
  'two demo runs in a row both process new requests, --fresh starts over; Ctrl+C exits cleanly',
  { timeout: 300_000 },
  async () => {
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          ([k]) => !/^(B24_|ONEC_|TEMPORAL_(?!CLI)|RECEIVER_|DEMO_|SANDBOX_)/.test(k),
        ),
      ),
      DEMO_DATA_DIR: dataDir,
      TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      RECEIVER_PORT: String(await freePort()),
      CODEC_SERVER_PORT: String(await freePort()),
      B24_SANDBOX_PORT: '0',
      B24_SANDBOX_HTTPS_PORT: 'off',
      ONEC_SANDBOX_PORT: '0',
    };

    const first = await startDemo(env);
    let firstId = 0;
    let firstNumber = '';
    try {
      assert.match(first.output(), /new: seed data/);
      firstId = await addRequest(first, 'Первая заявка');
      firstNumber = (await postedFor(first, firstId)).Number;
    } finally {
      await stopDemo(first);
    }

    const second = await startDemo(env);
    try {
      assert.match(second.output(), /resumed from the last run/);
      const secondId = await addRequest(second, 'Вторая заявка');
      assert.equal(secondId, firstId + 1, 'item ids continue after a restart');
      const document = await postedFor(second, secondId);
      assert.notEqual(document.Number, firstNumber, 'a document of its own');
      const documents = await documentsOf(second);
      assert.ok(
        documents.some((d) => d.ИдЭлементаБитрикс24 === String(firstId) && d.Number === firstNumber),
        "yesterday's request is still in 1C",
      );
    } finally {
      await stopDemo(second);
    }

    // --fresh resets both sides on purpose: the seed again, ids from the start, nothing of before.
    const fresh = await startDemo(env, ['--fresh']);
    try {
      assert.match(fresh.output(), /new: seed data/);
      assert.ok(
        !(await documentsOf(fresh)).some((d) => d.Number === firstNumber && d.ИдЭлементаБитрикс24 !== ''),
        'the documents of before are gone',
      );
      const id = await addRequest(fresh, 'Заявка с чистого листа');
      assert.equal(id, firstId, 'ids start over');
      assert.equal((await postedFor(fresh, id)).Number, firstNumber, 'numbering starts over');
    } finally {
      await stopDemo(fresh);
    }
  },
);
