import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from '../../config/duration';
import { describeConfig } from '../../config/describe';

describe('parseDuration', () => {
  it('converts single and compound durations to ms', () => {
    assert.equal(parseDuration('24h'), 86_400_000);
    assert.equal(parseDuration('90m'), 5_400_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('2d'), 172_800_000);
    assert.equal(parseDuration('45s'), 45_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration(' 1m30s '), 90_000);
  });

  it('rejects anything else', () => {
    for (const bad of ['', '24', 'h', '1.5h', '-1h', '1 h', '1w', 'tomorrow', '1h 30m'])
      assert.equal(parseDuration(bad), null, bad);
  });
});

describe('describeConfig', () => {
  it('documents every leaf key with a description and its env variable', () => {
    const docs = describeConfig();
    const keys = docs.map((d) => d.key);
    for (const key of [
      'bitrix24.webhookUrl',
      'onec.polling.intervalSeconds',
      'mapping.stages[].status',
      'temporal.tls.certPath',
      'receiver.maxBodyBytes',
    ]) {
      assert.ok(keys.includes(key), key);
    }
    for (const doc of docs) assert.notEqual(doc.description, '', doc.key);
    assert.equal(docs.find((d) => d.key === 'receiver.port')?.env, 'RECEIVER_PORT');
    assert.equal(docs.find((d) => d.key === 'bitrix24.webhookUrl')?.required, true);
    assert.equal(docs.find((d) => d.key === 'bitrix24.entityTypeId')?.default, 1038);
  });
});
