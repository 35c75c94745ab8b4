import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { withHeartbeats } from '../../activities/heartbeat';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The expected failure of the second test is not worth a WARN block in the output.
const quiet = { logger: new DefaultLogger('ERROR') };

describe('Bitrix24 activities heartbeat while they wait', () => {
  test('a call heartbeats at once and then regularly until it returns, and its result passes through', async () => {
    const env = new MockActivityEnvironment(undefined, quiet);
    let beats = 0;
    env.on('heartbeat', () => beats++);
    const { slow } = withHeartbeats(
      {
        slow: async (n: number) => {
          await sleep(250);
          return n * 2;
        },
      },
      40,
    );
    assert.equal(await env.run(slow, 21), 42);
    assert.ok(beats >= 4, `expected at least 4 heartbeats in 250 ms at one per 40 ms, got ${beats}`);
    const after = beats;
    await sleep(120);
    assert.equal(beats, after, 'no heartbeat after the call returned');
  });

  test('a failure is thrown as it was, and the heartbeats stop', async () => {
    const env = new MockActivityEnvironment(undefined, quiet);
    let beats = 0;
    env.on('heartbeat', () => beats++);
    const { failing } = withHeartbeats(
      {
        failing: async () => {
          await sleep(50);
          throw new Error('QUERY_LIMIT_EXCEEDED');
        },
      },
      20,
    );
    await assert.rejects(env.run(failing), /QUERY_LIMIT_EXCEEDED/);
    const after = beats;
    await sleep(80);
    assert.equal(beats, after);
  });

  test('outside an activity the function is simply called', async () => {
    const { plain } = withHeartbeats({ plain: async (s: string) => `${s}!` });
    assert.equal(await plain('ok'), 'ok!');
  });
});
