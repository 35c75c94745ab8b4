/** `oneCSandboxOptionsFromEnv` and the defaults of `startOneCSandbox`. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oneCSandboxOptionsFromEnv } from '../../sandbox/onec/config';
import { startOneCSandbox } from '../../sandbox/onec/server';

describe('1C sandbox: configuration', () => {
  it('reads ONEC_* variables', () => {
    const opts = oneCSandboxOptionsFromEnv({
      ONEC_SANDBOX_HOST: '0.0.0.0',
      ONEC_SANDBOX_PORT: '0',
      ONEC_SANDBOX_PUBLICATION: 'base2',
      ONEC_SANDBOX_USER: 'u',
      ONEC_SANDBOX_PASSWORD: 'p',
      ONEC_NOTIFY_URL: 'http://127.0.0.1:3000/webhooks/onec',
      ONEC_NOTIFY_SECRET: 's',
      ONEC_IGNORE_IF_MATCH: '1',
      ONEC_INLINECOUNT_HONORS_TOP: '0',
      ONEC_NOTIFY_RETRY_DELAYS_MS: '500,2000,5000',
      UNRELATED: 'x',
    });
    assert.deepEqual(opts, {
      host: '0.0.0.0',
      port: 0,
      publication: 'base2',
      user: 'u',
      password: 'p',
      notifyUrl: 'http://127.0.0.1:3000/webhooks/onec',
      notifySecret: 's',
      ignoreIfMatch: true,
      inlinecountHonorsTop: false,
      notifyRetryDelaysMs: [500, 2000, 5000],
    });
    assert.deepEqual(oneCSandboxOptionsFromEnv({}), {});
    assert.throws(() => oneCSandboxOptionsFromEnv({ ONEC_SANDBOX_PORT: 'abc' }));
    assert.throws(() => oneCSandboxOptionsFromEnv({ ONEC_NOTIFY_RETRY_DELAYS_MS: '1 min' }), /milliseconds/);
  });

  it('odataUrl follows host, port and publication; seed can be disabled', async () => {
    const sb = await startOneCSandbox({ port: 0, publication: 'base2', seed: false });
    try {
      assert.match(sb.odataUrl, /^http:\/\/127\.0\.0\.1:\d+\/base2\/odata\/standard\.odata\/$/);
      assert.equal(sb.user, 'odata');
      assert.equal(sb.password, 'odata');
      assert.equal(sb.store.all('Catalog_СтатусыЗаявок').length, 0);
      const res = await fetch(`${sb.odataUrl}Catalog_СтатусыЗаявок?$format=json`, {
        headers: { Authorization: `Basic ${Buffer.from('odata:odata').toString('base64')}` },
      });
      assert.equal(res.status, 200);
    } finally {
      await sb.close();
    }
  });
});
