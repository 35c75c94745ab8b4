/**
 * The client entity workflow over in-memory sides: bursts merged into one sync, its own echoes not read
 * again, a 1C write refused by the optimistic lock decided again, idle runs completing, and the echo memory
 * surviving continue-as-new.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { bitrix24TaskQueue } from '../../activities/contract';
import type { CounterpartySyncActivities } from '../../activities/counterparty-sync';
import {
  DEFAULT_OWNERSHIP,
  type BitrixClientSide,
  type OneCCounterpartySide,
} from '../../domain/counterparty-sync';
import { workflowsPath } from '../../workers/request-worker';
import {
  bitrixClientChangedSignal,
  clientSyncWorkflow,
  onecCounterpartyChangedSignal,
  type ClientSyncSettings,
} from '../../workflows/client-sync-workflow';
import { startTestTemporal } from '../support/temporal-env';
import { waitFor } from '../support/wait-for';

const TASK_QUEUE = 'client-sync-test';

/** Two in-memory systems and a log of what the workflow asked of them. */
class Sides {
  bitrix!: BitrixClientSide;
  onec!: OneCCounterpartySide;
  version = 1;
  reads = 0;
  /** Whether the client has a counterparty in 1C yet (a new company has none). */
  linked = true;
  onecWrites: object[] = [];
  bitrixWrites: object[] = [];
  history: Array<{ direction: string; fields: string[] }> = [];
  /** The next 1C write finds the counterparty changed meanwhile (someone edited it in 1C). */
  refuseNextOneCWrite = false;
  /** Unix seconds the portal reports as DATE_MODIFY after our writes. */
  modifiedAt = 1_700_000_000;

  reset(): void {
    this.bitrix = {
      kind: 'company',
      id: 42,
      name: 'ООО "Ромашка"',
      phones: [{ id: '7', value: '+7 916 123-45-67' }],
      emails: [{ id: '8', value: 'info@romashka.ru' }],
      companyType: 'CUSTOMER',
      requisite: { id: 3, presetId: 1, inn: '7707083893', kpp: '' },
      legalAddress: 'Москва',
    };
    this.onec = {
      ref: '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01',
      dataVersion: 'v1',
      name: 'ООО "Ромашка"',
      phone: '+79161234567',
      email: 'info@romashka.ru',
      type: 'ЮридическоеЛицо',
      kpp: '',
      inn: '7707083893',
      legalAddress: 'Москва',
    };
    this.reads = 0;
    this.linked = true;
    this.onecWrites = [];
    this.bitrixWrites = [];
    this.history = [];
    this.refuseNextOneCWrite = false;
  }

  /** A 1C user's edit: new values, new DataVersion. */
  editOneC(patch: Partial<OneCCounterpartySide>): string {
    this.version += 1;
    this.onec = { ...this.onec, ...patch, dataVersion: `v${this.version}` };
    return this.onec.dataVersion;
  }

  activities(): CounterpartySyncActivities {
    return {
      readBitrixClientSide: async () => {
        this.reads += 1;
        return structuredClone(this.bitrix);
      },
      writeBitrixClientSide: async ({ patch }) => {
        this.bitrixWrites.push(patch);
        if (patch.phone) this.bitrix.phones = [{ id: '7', value: patch.phone.value }];
        if (patch.requisite && this.bitrix.requisite) this.bitrix.requisite.inn = patch.requisite.inn;
        if (patch.legalAddress !== undefined) this.bitrix.legalAddress = patch.legalAddress;
        return { modifiedAt: patch.phone || patch.name ? this.modifiedAt : null };
      },
      readLinkedCounterparty: async () => (this.linked ? structuredClone(this.onec) : null),
      writeLinkedCounterparty: async ({ patch, dataVersion }) => {
        if (this.refuseNextOneCWrite) {
          this.refuseNextOneCWrite = false;
          this.editOneC({});
          return null;
        }
        if (dataVersion !== this.onec.dataVersion) return null;
        this.onecWrites.push(patch);
        const mapped: Partial<OneCCounterpartySide> = {
          ...(patch.Телефон !== undefined ? { phone: patch.Телефон } : {}),
          ...(patch.Description !== undefined ? { name: patch.Description } : {}),
          ...(patch.Email !== undefined ? { email: patch.Email } : {}),
        };
        return { dataVersion: this.editOneC(mapped) };
      },
      recordCounterpartySync: async (input) => {
        this.history.push({ direction: input.direction, fields: input.changes.map((c) => c.field) });
      },
    };
  }
}

const settings = (overrides: Partial<ClientSyncSettings> = {}): ClientSyncSettings => ({
  ownership: DEFAULT_OWNERSHIP,
  clientTypes: { supplierCompanyTypes: ['SUPPLIER'] },
  debounceMs: 300,
  maxBurstMs: 3_000,
  idleCloseMs: 60_000,
  ...overrides,
});

let env: TestWorkflowEnvironment;
let running: Promise<unknown>;
let workers: Worker[];
const sides = new Sides();
let seq = 0;

before(async () => {
  env = await startTestTemporal();
  const activities = sides.activities();
  workers = [
    await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowsPath,
      activities,
    }),
    await Worker.create({
      connection: env.nativeConnection,
      taskQueue: bitrix24TaskQueue(TASK_QUEUE),
      activities,
    }),
  ];
  running = Promise.all(workers.map((w) => w.run()));
});
after(async () => {
  for (const w of workers ?? []) w.shutdown();
  await running;
  await env?.teardown();
});
beforeEach(() => sides.reset());

function start(s = settings()) {
  seq += 1;
  return env.client.workflow.start(clientSyncWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `client-sync-test-${seq}`,
    args: [{ client: { kind: 'company', id: 42 }, settings: s }],
  });
}

const quiet = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('client entity workflow', { timeout: 60_000 }, () => {
  test('a burst of Bitrix24 events is one read and one 1C write', async () => {
    const handle = await start();
    sides.bitrix.phones = [{ id: '7', value: '8 (916) 000-00-01' }];
    for (let i = 0; i < 5; i++)
      await handle.signal(bitrixClientChangedSignal, { event: 'update', ts: 1 + i });
    await waitFor('1C written and recorded', () => sides.history.length === 1);
    await quiet(800);
    assert.equal(sides.reads, 1, 'five events, one read');
    assert.deepEqual(sides.onecWrites, [{ Телефон: '+79160000001' }]);
    assert.deepEqual(sides.history, [{ direction: 'to-onec', fields: ['phone'] }]);
    await handle.terminate('done');
  });

  test("a client not linked to 1C yet costs no Bitrix24 call (a new company's event)", async () => {
    sides.linked = false;
    const handle = await start();
    await handle.signal(bitrixClientChangedSignal, { event: 'add', ts: 1 });
    await waitFor('the sync round over', async () =>
      (await handle.fetchHistory()).events?.some((e) => e.activityTaskCompletedEventAttributes),
    );
    await quiet(500);
    assert.equal(sides.reads, 0, 'Bitrix24 not read');
    assert.deepEqual(sides.onecWrites, []);
    await handle.terminate('done');
  });

  test('echoes of its own writes are not read again; a user edit is', async () => {
    const handle = await start();
    const version = sides.editOneC({ inn: '7701000548' });
    await handle.signal(onecCounterpartyChangedSignal, {
      eventId: 'e1',
      dataVersion: version,
      initiator: 'user',
    });
    await waitFor('requisite written and recorded', () => sides.history.length === 1);
    assert.equal(sides.reads, 1);
    assert.deepEqual(sides.history, [{ direction: 'to-bitrix', fields: ['inn'] }]);

    // The same notification delivered again, and one flagged as ours: nothing new to read.
    await handle.signal(onecCounterpartyChangedSignal, {
      eventId: 'e1',
      dataVersion: version,
      initiator: 'user',
    });
    await handle.signal(onecCounterpartyChangedSignal, {
      eventId: 'e2',
      dataVersion: 'v-ours',
      initiator: 'integration',
    });
    await quiet(800);
    assert.equal(sides.reads, 1, 'duplicates and our own writes are not read again');

    // A manager's edit in Bitrix24 is news.
    sides.bitrix.phones = [{ id: '7', value: '+7 916 000-00-02' }];
    await handle.signal(bitrixClientChangedSignal, { event: 'update', ts: 5 });
    await waitFor('second sync recorded', () => sides.history.length === 2);
    assert.equal(sides.reads, 2);
    assert.deepEqual(sides.onecWrites, [{ Телефон: '+79160000002' }]);
    await handle.terminate('done');
  });

  test('a Bitrix24 update sent in the second of our own write is its echo', async () => {
    const handle = await start(settings({ ownership: { ...DEFAULT_OWNERSHIP, phone: 'onec' } }));
    const version = sides.editOneC({ phone: '+79160000003' });
    await handle.signal(onecCounterpartyChangedSignal, {
      eventId: 'e3',
      dataVersion: version,
      initiator: 'user',
    });
    await waitFor('phone written to Bitrix24', () => sides.bitrixWrites.length === 1);
    assert.deepEqual(sides.bitrixWrites[0], { phone: { replaceId: '7', value: '+79160000003' } });
    await handle.signal(bitrixClientChangedSignal, { event: 'update', ts: sides.modifiedAt });
    await quiet(800);
    assert.equal(sides.reads, 1, 'the echo is recognised without a read');
    await handle.signal(bitrixClientChangedSignal, { event: 'update', ts: sides.modifiedAt + 1 });
    await waitFor('a further event is news', () => sides.reads === 2);
    await handle.terminate('done');
  });

  test('a counterparty changed between read and write is read and decided again', async () => {
    const handle = await start();
    sides.refuseNextOneCWrite = true;
    sides.bitrix.name = 'ООО "Ромашка-2"';
    await handle.signal(bitrixClientChangedSignal, { event: 'update', ts: 1 });
    await waitFor('written on the second attempt', () => sides.onecWrites.length === 1);
    assert.equal(sides.reads, 2);
    assert.deepEqual(sides.onecWrites, [{ Description: 'ООО "Ромашка-2"' }]);
    await handle.terminate('done');
  });

  test('an idle workflow completes; a busy one continues as new keeping its memory', async () => {
    const idle = await start(settings({ idleCloseMs: 500 }));
    await idle.result();

    const busy = await start(settings({ roundsPerRun: 1 }));
    sides.bitrix.phones = [{ id: '7', value: '8 (916) 000-00-04' }];
    await busy.signal(bitrixClientChangedSignal, { event: 'update', ts: 1 });
    await waitFor('synced', () => sides.onecWrites.length === 1);
    await waitFor('continued as new', async () => {
      const described = await env.client.workflow.getHandle(busy.workflowId).describe();
      return described.runId !== busy.firstExecutionRunId;
    });
    const ourVersion = sides.onec.dataVersion;
    await busy.signal(onecCounterpartyChangedSignal, {
      eventId: 'e4',
      dataVersion: ourVersion,
      initiator: 'user',
    });
    await quiet(800);
    assert.equal(sides.reads, 1, 'the new run still knows the version its predecessor wrote');
    await env.client.workflow.getHandle(busy.workflowId).terminate('done');
  });
});
