/**
 * The demo's situation, made the way people make it (Bitrix24 REST, 1C OData) on the local stack, for the
 * admin page tests: a completed request, an open one, one waiting for the manager's fix and one whose run
 * failed because 1C refused the document (the OData user lacked rights once).
 */
import type { RequestsReport } from '../../domain/report/build';
import { startTestStack, type TestStack } from '../integration/stack';
import { b24, createRequestItem, documentsOf } from '../integration/systems';
import { waitFor } from '../support/wait-for';

export interface DemoStack extends TestStack {
  adminUrl: string;
  token: string;
  items: { completed: number; open: number; invalid: number; failed: number };
  workflowId(itemId: number): string;
  close(): Promise<void>;
}

export async function startDemoStack(taskQueue: string): Promise<DemoStack> {
  const t = await startTestStack(taskQueue);
  const { stack } = t;
  const token = stack.config.admin.token ?? '';
  const workflowId = (itemId: number) => `request-b24-1038-${itemId}`;
  const untilPhase = async (itemId: number, phase: string) =>
    waitFor(`${workflowId(itemId)} in ${phase}`, async () => {
      const attrs = (await t.stack.client.workflow.getHandle(workflowId(itemId)).describe()).searchAttributes;
      return attrs['RequestPhase']?.[0] === phase;
    });

  const completed = await createRequestItem(stack, {
    title: 'Не работает касса',
    companyId: 1,
    description: 'Не включается кассовый аппарат',
    requestTypeId: 103,
  });
  const open = await createRequestItem(stack, {
    title: 'Консультация по обновлению',
    companyId: 1,
    description: 'Как обновить конфигурацию',
    requestTypeId: 101,
  });
  await waitFor(
    'documents',
    async () =>
      (await documentsOf(stack, open)).length === 1 && (await documentsOf(stack, completed)).length === 1,
  );
  await untilPhase(completed, 'syncing-status');
  await b24(stack, 'crm.item.update', {
    entityTypeId: 1038,
    id: completed,
    fields: { stageId: 'DT1038_10:SUCCESS' },
  });
  await waitFor('completion', async () => {
    const { status } = await t.stack.client.workflow.getHandle(workflowId(completed)).describe();
    return status.name === 'COMPLETED';
  });

  const invalid = await createRequestItem(stack, {
    title: 'Не печатает принтер',
    companyId: 1,
    description: '',
  });
  await untilPhase(invalid, 'awaiting-fix');

  stack.sandboxes.onec.faults.set({
    errorRate: 1,
    errorKind: 'rights',
    times: 1,
    methods: ['POST'],
    sets: ['Document_Заявка'],
  });
  const failed = await createRequestItem(stack, {
    title: 'Сломался терминал',
    companyId: 1,
    description: 'Терминал не печатает чеки',
    requestTypeId: 102,
  });
  await waitFor('failed run', async () => {
    const { status } = await t.stack.client.workflow.getHandle(workflowId(failed)).describe();
    return status.name === 'FAILED';
  });
  stack.sandboxes.onec.faults.reset();

  return {
    ...t,
    adminUrl: `${stack.receiver.url}/admin`,
    token,
    items: { completed, open, invalid, failed },
    workflowId,
  };
}

/** The report as the API gives it, once Temporal's visibility has caught up with `ready`. */
export async function reportWhen(
  demo: DemoStack,
  ready: (report: RequestsReport) => boolean,
): Promise<RequestsReport> {
  return waitFor('report', async () => {
    const response = await fetch(`${demo.adminUrl}/report`, {
      headers: { Authorization: `Bearer ${demo.token}` },
    });
    const report = (await response.json()) as RequestsReport;
    return ready(report) ? report : undefined;
  });
}
