/**
 * Runs the official @bitrix24/b24jssdk, unchanged, against the sandbox's HTTPS webhook and prints what it got
 * as one JSON line. Spawned by sdk.test.ts with NODE_EXTRA_CA_CERTS pointing at the sandbox certificate —
 * Node reads that variable only at start-up, hence a separate process.
 *
 * Usage: node --import tsx test/bitrix24/support/sdk-client.ts <https webhook url>
 */
import { AjaxError, B24Hook } from '@bitrix24/b24jssdk';

const webhookUrl = process.argv[2];
if (!webhookUrl) throw new Error('usage: sdk-client.ts <https webhook url>');

const b24 = B24Hook.fromWebhookUrl(webhookUrl);
const v2 = b24.actions.v2;
const report: Record<string, unknown> = {};

// call: a plain method and a list page with total/next.
const me = await v2.call.make<{ ID: string; NAME: string }>({ method: 'user.current' });
report.me = { ok: me.isSuccess, id: me.getData()?.result.ID, name: me.getData()?.result.NAME };
const page = await v2.call.make<{ items: Array<{ id: number }> }>({
  method: 'crm.item.list',
  params: { entityTypeId: 1038, select: ['id', 'title'] },
});
report.itemPage = { ok: page.isSuccess, count: page.getData()?.result.items.length, total: page.getTotal() };

// batch: 55 companies in two batches (a batch takes at most 50 commands), array and object forms.
const titles = Array.from({ length: 55 }, (_, i) => `SDK Компания ${String(i + 1).padStart(2, '0')}`);
const ids: number[] = [];
for (const chunk of [titles.slice(0, 50), titles.slice(50)]) {
  const added = await v2.batch.make({
    calls: chunk.map(
      (TITLE) => ['crm.company.add', { fields: { TITLE } }] as [string, Record<string, unknown>],
    ),
    options: { isHaltOnError: true },
  });
  if (!added.isSuccess) throw new Error(added.getErrorMessages().join('; '));
  ids.push(...(added.getData() as number[]));
}
report.batchAdd = { count: ids.length, allNumbers: ids.every((id) => Number.isInteger(id) && id > 0) };
const byKey = await v2.batch.make({
  calls: {
    me: { method: 'user.current' },
    first: { method: 'crm.company.get', params: { id: ids[0] } },
  },
  options: { isHaltOnError: true },
});
const keyed = byKey.getData() as { me: { ID: string }; first: { TITLE: string } } | undefined;
report.batchObject = { ok: byKey.isSuccess, meId: keyed?.me.ID, firstTitle: keyed?.first.TITLE };
const withError = await v2.batch.make({
  calls: [
    ['user.current', {}],
    ['crm.item.get', { entityTypeId: 1038, id: 99999999 }],
  ],
  options: { isHaltOnError: false },
});
report.batchError = { ok: withError.isSuccess, messages: withError.getErrorMessages() };
// Legacy methods fail with an empty error code (`{"error": "", "error_description": "Not found"}`); the SDK
// only recognises non-empty codes, so inside a batch such a failure reads as success with no data.
const legacyError = await v2.batch.make({
  calls: [['crm.company.get', { id: 99999999 }]],
  options: { isHaltOnError: false },
});
report.batchLegacyError = { ok: legacyError.isSuccess, data: legacyError.getData() ?? null };

// callList and fetchList: cursor paging over more than one page.
const all = await v2.callList.make<{ ID: string; TITLE: string }>({
  method: 'crm.company.list',
  params: { filter: { '%TITLE': 'SDK Компания' }, select: ['ID', 'TITLE'] },
  idKey: 'ID',
});
const allTitles = (all.getData() ?? []).map((c) => c.TITLE);
report.callList = { ok: all.isSuccess, count: allTitles.length, sorted: allTitles.join() === titles.join() };
const chunks: number[] = [];
for await (const chunk of v2.fetchList.make<{ ID: string }>({
  method: 'crm.company.list',
  params: { filter: { '%TITLE': 'SDK Компания' }, select: ['ID'] },
  idKey: 'ID',
})) {
  chunks.push(chunk.length);
}
report.fetchList = { chunks };

// Errors come back as AjaxError with the portal's code and status.
try {
  await v2.call.make({ method: 'crm.item.get', params: { entityTypeId: 1038, id: 99999999 } });
  report.notFound = { thrown: false };
} catch (err) {
  report.notFound =
    err instanceof AjaxError
      ? { thrown: true, code: err.code, status: err.status }
      : { thrown: true, other: String(err) };
}
try {
  await v2.call.make({ method: 'no.such.method' });
  report.unknownMethod = { thrown: false };
} catch (err) {
  report.unknownMethod =
    err instanceof AjaxError ? { code: err.code, status: err.status } : { other: String(err) };
}

// The events module's methods through the SDK as well.
const notify = await v2.call.make<number>({
  method: 'im.notify.system.add',
  params: { USER_ID: 2, MESSAGE: 'SDK' },
});
report.notify = { ok: notify.isSuccess, id: notify.getData()?.result };

process.stdout.write(`${JSON.stringify(report)}\n`);
