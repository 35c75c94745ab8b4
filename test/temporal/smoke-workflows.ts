// A minimal workflow that proves the runtime end to end: bundling, a worker, a real activity, a result.
import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './smoke-activities';

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });

export async function smokeWorkflow(name: string): Promise<string> {
  return await greet(name);
}
