import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, configFromObject, loadConfig } from '../../config/load';
import { requestSettingsFromConfig } from '../../client/request-settings';
import { minimalConfig } from '../support/minimal-config';

const demo = JSON.parse(readFileSync(new URL('../../config/demo.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('configFromObject', () => {
  it('admin page: disabled without a token, the token from ADMIN_TOKEN, too short refused', () => {
    const plain = configFromObject(minimalConfig());
    assert.equal(plain.admin.token, undefined);
    assert.equal(plain.admin.stuckAfterDays, 3);
    const token = 'a'.repeat(32);
    assert.equal(configFromObject(minimalConfig(), { ADMIN_TOKEN: token }).admin.token, token);
    assert.equal(configFromObject(minimalConfig(), { ADMIN_TOKEN: '' }).admin.token, undefined);
    const problems = problemsOf(() => configFromObject(minimalConfig(), { ADMIN_TOKEN: 'short' }));
    assert.ok(problems.some((p) => p.startsWith('admin.token:') && p.includes('ADMIN_TOKEN')));
  });

  it('fills documented defaults and normalises URLs', () => {
    const config = configFromObject(minimalConfig());
    assert.equal(config.bitrix24.webhookUrl, 'https://portal.bitrix24.ru/rest/1/abc/');
    assert.equal(config.onec.odataUrl, 'https://1c.local/zayavki/odata/standard.odata/');
    assert.equal(config.bitrix24.entityTypeId, 1038);
    assert.equal(config.bitrix24.categoryId, 10);
    assert.deepEqual(config.bitrix24.fields, {
      description: 'ufCrm5Description',
      requestType: 'ufCrm5RequestType',
      onecNumber: 'ufCrm5OnecNumber',
      onecRef: 'ufCrm5OnecRef',
    });
    assert.equal(config.onec.timezone, 'Europe/Moscow');
    assert.deepEqual(config.onec.polling, { enabled: true, intervalSeconds: 300 });
    assert.equal(config.mapping.requestTypes['103'], 'Ремонт');
    assert.deepEqual(config.mapping.clientTypes.supplierCompanyTypes, ['SUPPLIER']);
    assert.deepEqual(config.mapping.finalStatuses, ['Завершена', 'Отменена']);
    assert.deepEqual(config.matching.order, ['bitrixId', 'inn', 'phone', 'email']);
    assert.equal(config.validation.checkInn, true);
    assert.equal(config.notifications.escalateAfterMs, 24 * 3_600_000);
    assert.deepEqual(config.temporal, {
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'b24-onec-requests',
      maxCachedWorkflows: 100,
    });
    assert.deepEqual(config.receiver, {
      host: '0.0.0.0',
      port: 3000,
      maxBodyBytes: 1_048_576,
      rateLimit: { enabled: true, perSecond: 50, burst: 200, maxSources: 10_000, trustProxy: false },
    });
    assert.deepEqual(config.codec.keys, {}, 'no encryption unless keys are configured');
    assert.equal(config.codec.currentKeyId, undefined);
    assert.equal(config.bitrix24.onItemDeleted, 'cancel');
    assert.deepEqual(config.reconciliation, {
      enabled: true,
      interval: '5m',
      lookback: '30d',
      grace: '30s',
      catchUpOnStart: true,
      intervalMs: 300_000,
      lookbackMs: 30 * 86_400_000,
      graceMs: 30_000,
    });
    assert.deepEqual(config.onecRequests, {
      enabled: true,
      responsibleUsers: {},
      fallbackUserId: 1,
      sweepLookbackDays: 30,
    });
    assert.deepEqual(config.notifications.onOneCStatus, ['ОжидаетУточнения', 'Завершена', 'Отменена']);
  });

  it('reads the reconciliation interval and rejects what is not a duration', () => {
    const ok = configFromObject({ ...minimalConfig(), reconciliation: { interval: '1m', grace: '10s' } });
    assert.equal(ok.reconciliation.intervalMs, 60_000);
    assert.equal(ok.reconciliation.graceMs, 10_000);
    const problems = problemsOf(() =>
      configFromObject({ ...minimalConfig(), reconciliation: { interval: 'every minute' } }),
    );
    assert.ok(problems.some((p) => p.startsWith('reconciliation.interval')));
  });

  it('derives the workflow settings of 1C-born requests and manager notifications', () => {
    const settings = requestSettingsFromConfig(
      configFromObject({
        ...minimalConfig(),
        onecRequests: { responsibleUsers: { 'Иванова Мария': 2 }, fallbackUserId: 7 },
        notifications: { onOneCStatus: ['Завершена'] },
      }),
    );
    assert.equal(settings.portalUrl, 'https://portal.bitrix24.ru');
    assert.deepEqual(settings.notifyOnOneCStatuses, ['Завершена']);
    assert.deepEqual(settings.onecRequests, {
      enabled: true,
      responsibleUsers: { 'Иванова Мария': 2 },
      fallbackUserId: 7,
      sweepLookbackDays: 30,
    });
    const problems = problemsOf(() =>
      configFromObject({
        ...minimalConfig(),
        onecRequests: { fallbackUserId: 0, responsibleUsers: { 'Иванова Мария': 'два' } },
        notifications: { onOneCStatus: ['Закрыта'] },
      }),
    );
    assert.deepEqual(problems.map((p) => p.split(':')[0]).sort(), [
      'notifications.onOneCStatus.0',
      'onecRequests.fallbackUserId',
      'onecRequests.responsibleUsers.Иванова Мария',
    ]);
  });

  it('lets environment variables fill and override secrets', () => {
    const obj = minimalConfig();
    delete (obj['bitrix24'] as Record<string, unknown>)['webhookUrl'];
    const config = configFromObject(obj, {
      B24_WEBHOOK_URL: 'https://p.bitrix24.ru/rest/7/zzz/',
      B24_APPLICATION_TOKEN: 'from-env-token',
      ONEC_ODATA_URL: 'http://10.0.0.5/base/odata/standard.odata/',
      ONEC_USER: 'env-user',
      ONEC_PASSWORD: 'env-pass',
      ONEC_NOTIFY_SECRET: 'env-secret-0123456789',
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'prod',
      TEMPORAL_API_KEY: 'key',
      RECEIVER_PORT: '8088',
    });
    assert.equal(config.bitrix24.webhookUrl, 'https://p.bitrix24.ru/rest/7/zzz/');
    assert.equal(config.bitrix24.applicationToken, 'from-env-token');
    assert.equal(config.onec.odataUrl, 'http://10.0.0.5/base/odata/standard.odata/');
    assert.equal(config.onec.user, 'env-user');
    assert.equal(config.onec.password, 'env-pass');
    assert.equal(config.onec.notifySecret, 'env-secret-0123456789');
    assert.equal(config.temporal.address, 'temporal:7233');
    assert.equal(config.temporal.namespace, 'prod');
    assert.equal(config.temporal.apiKey, 'key');
    assert.equal(config.receiver.port, 8088);
  });

  it('ignores empty env values except an empty 1C password', () => {
    const obj = minimalConfig();
    (obj['onec'] as Record<string, unknown>)['password'] = 'file-pass';
    const config = configFromObject(obj, { ONEC_USER: '', TEMPORAL_API_KEY: '', ONEC_PASSWORD: '' });
    assert.equal(config.onec.user, 'integration');
    assert.equal(config.temporal.apiKey, undefined);
    assert.equal(config.onec.password, '');
  });

  it('reports every missing key by dotted path with where to set it', () => {
    // An absent section is reported key by key, exactly like an empty one.
    assert.deepEqual(
      problemsOf(() => configFromObject({})),
      problemsOf(() => configFromObject({ bitrix24: {}, onec: {}, mapping: {} })),
    );
    const nested = problemsOf(() => configFromObject({ bitrix24: {}, onec: {}, mapping: {} }));
    assert.deepEqual(nested, [
      'bitrix24.webhookUrl: required (set it in config/integration.json or B24_WEBHOOK_URL)',
      // applicationToken depends on bitrix24.inbound: a cross-key check, reported once the keys parse.
      'onec.odataUrl: required (set it in config/integration.json or ONEC_ODATA_URL)',
      'onec.user: required (set it in config/integration.json or ONEC_USER)',
      'onec.password: required (set it in config/integration.json or ONEC_PASSWORD)',
      'onec.notifySecret: required (set it in config/integration.json or ONEC_NOTIFY_SECRET)',
      'mapping.stages: required (set it in config/integration.json)',
    ]);
  });

  it('reports bad values, unknown keys and bad env values together', () => {
    const obj = minimalConfig();
    Object.assign(obj['bitrix24'] as object, { webhookUrll: 'typo', timeoutMs: 5 });
    Object.assign(obj['onec'] as object, {
      odataUrl: 'https://1c.local/zayavki/',
      timezone: 'Mars/Olympus',
      notifySecret: 'short',
    });
    Object.assign(obj, { notifications: { escalateAfter: 'tomorrow' }, matching: { order: ['inn', 'fax'] } });
    const problems = problemsOf(() => configFromObject(obj, { RECEIVER_PORT: 'eighty' }));
    const keys = problems.map((p) => p.split(':')[0]);
    assert.deepEqual(keys.sort(), [
      'bitrix24.timeoutMs',
      'bitrix24.webhookUrll',
      'matching.order.1',
      'notifications.escalateAfter',
      'onec.notifySecret',
      'onec.odataUrl',
      'onec.timezone',
      'receiver.port',
    ]);
    assert.ok(problems.some((p) => p.startsWith('receiver.port:') && p.includes('RECEIVER_PORT')));
    assert.ok(problems.some((p) => p === 'bitrix24.webhookUrll: unknown key (misspelt?)'));
  });

  it('checks the stage map against the smart process and for duplicates', () => {
    const obj = minimalConfig();
    (obj['mapping'] as Record<string, unknown>)['stages'] = [
      { stageId: 'DT1038_10:NEW', status: 'Новая' },
      { stageId: 'DT1040_10:WORK', status: 'ВРаботе' },
      { stageId: 'DT1038_10:NEW', status: 'Завершена' },
      { stageId: 'DT1038_10:OTHER', status: 'Новая' },
      { stageId: 'bad', status: 'Архив' },
    ];
    const problems = problemsOf(() => configFromObject(obj));
    assert.deepEqual(problems.map((p) => p.split(':')[0]).sort(), [
      'mapping.stages.4.stageId',
      'mapping.stages.4.status',
    ]);
    (obj['mapping'] as { stages: unknown[] }).stages.pop();
    const cross = problemsOf(() => configFromObject(obj));
    assert.deepEqual(cross, [
      'mapping.stages.1.stageId: must start with DT1038_10: (bitrix24.entityTypeId / categoryId)',
      'mapping.stages.2.stageId: DT1038_10:NEW is mapped twice',
      'mapping.stages.3.status: Новая is mapped twice',
    ]);
  });

  it('onec.vanishedDocument: "cancel" by default, "recreate" on request, nothing else', () => {
    assert.equal(configFromObject(minimalConfig()).onec.vanishedDocument, 'cancel');
    const obj = minimalConfig();
    (obj.onec as Record<string, unknown>).vanishedDocument = 'recreate';
    assert.equal(configFromObject(obj).onec.vanishedDocument, 'recreate');
    (obj.onec as Record<string, unknown>).vanishedDocument = 'ignore';
    assert.ok(problemsOf(() => configFromObject(obj)).some((p) => p.startsWith('onec.vanishedDocument:')));
  });

  it('ignores $comment and // keys anywhere', () => {
    const obj = minimalConfig();
    Object.assign(obj, { $comment: 'top', '//': 'also' });
    Object.assign(obj['onec'] as object, { '$comment.user': 'x' });
    (obj['mapping'] as { stages: Array<Record<string, unknown>> }).stages[0]!['$comment'] = 'row';
    assert.equal(configFromObject(obj).onec.user, 'integration');
  });

  it('accepts the shipped demo and example files', () => {
    const config = configFromObject(demo);
    assert.equal(config.bitrix24.webhookUrl, 'http://127.0.0.1:8124/rest/1/sandbox/');
    assert.equal(config.onec.odataUrl, 'http://127.0.0.1:8101/zayavki/odata/standard.odata/');
    assert.equal(config.mapping.stages.length, 5);
    assert.deepEqual(
      config.mapping.stages.find((s) => s.status === 'ОжидаетУточнения'),
      {
        stageId: 'DT1038_10:CLIENT',
        status: 'ОжидаетУточнения',
      },
    );
    const example = loadConfig({
      path: new URL('../../config/integration.example.json', import.meta.url).pathname,
      env: {},
    });
    assert.equal(example.temporal.taskQueue, 'b24-onec-requests');
  });
});

describe('codec configuration', () => {
  const KEY_A = Buffer.alloc(32, 1).toString('base64');
  const KEY_B = Buffer.alloc(32, 2).toString('base64');

  it('takes keys and tokens from the environment in their comma-separated form', () => {
    const config = configFromObject(minimalConfig(), {
      TEMPORAL_CODEC_KEYS: `old:${KEY_A}, new:${KEY_B}`,
      TEMPORAL_CODEC_KEY_ID: 'new',
      CODEC_SERVER_TOKENS: 'first-token-0123456789,second-token-0123456789',
    });
    assert.deepEqual(config.codec.keys, { old: KEY_A, new: KEY_B });
    assert.equal(config.codec.currentKeyId, 'new');
    assert.deepEqual(config.codec.server.tokens, ['first-token-0123456789', 'second-token-0123456789']);
  });

  it('names a key of the wrong length, an unknown current key and a short token', () => {
    const obj = minimalConfig();
    obj['codec'] = {
      keys: { short: Buffer.alloc(16).toString('base64'), ok: KEY_A },
      currentKeyId: 'missing',
      server: { tokens: ['short'] },
    };
    const problems = problemsOf(() => configFromObject(obj));
    assert.ok(
      problems.some((p) => p.startsWith('codec.keys.short: must be base64 of exactly 32 bytes')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('codec.server.tokens.0: must be at least 16')),
      problems.join('\n'),
    );
    const unknownCurrent = problemsOf(() =>
      configFromObject({ ...minimalConfig(), codec: { keys: { ok: KEY_A }, currentKeyId: 'missing' } }),
    );
    assert.deepEqual(unknownCurrent, ['codec.currentKeyId: must be one of the ids in codec.keys']);
  });

  it('reports a bad key from the environment with the variable it came from', () => {
    const problems = problemsOf(() =>
      configFromObject(minimalConfig(), {
        TEMPORAL_CODEC_KEYS: 'k1:not-base64!',
        TEMPORAL_CODEC_KEY_ID: 'k1',
      }),
    );
    assert.ok(
      problems.some((p) => p.startsWith('codec.keys.k1: must be base64')),
      problems.join('\n'),
    );
  });

  it('the demo configuration runs encrypted', () => {
    const config = configFromObject(demo);
    assert.ok(config.codec.currentKeyId);
    assert.ok(config.codec.currentKeyId in config.codec.keys);
  });
});

describe('loadConfig', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'b24onec-config-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the file named by B24ONEC_CONFIG and tolerates a BOM', () => {
    const path = join(dir, 'a.json');
    writeFileSync(path, '\uFEFF' + JSON.stringify(minimalConfig()));
    assert.equal(loadConfig({ env: { B24ONEC_CONFIG: path } }).onec.user, 'integration');
  });

  it('an explicit path wins over B24ONEC_CONFIG', () => {
    const path = join(dir, 'b.json');
    writeFileSync(path, JSON.stringify(minimalConfig()));
    assert.equal(
      loadConfig({ path, env: { B24ONEC_CONFIG: join(dir, 'missing.json') } }).bitrix24.entityTypeId,
      1038,
    );
  });

  it('explains a missing file and invalid JSON', () => {
    const missing = problemsOf(() => loadConfig({ path: join(dir, 'nope.json'), env: {} }));
    assert.equal(missing.length, 1);
    assert.match(missing[0] ?? '', /nope\.json: cannot read the configuration file \(ENOENT\)/);
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"bitrix24": ');
    assert.match(problemsOf(() => loadConfig({ path, env: {} }))[0] ?? '', /broken\.json: not valid JSON/);
    writeFileSync(path, '[1,2]');
    assert.match(problemsOf(() => loadConfig({ path, env: {} }))[0] ?? '', /top level must be a JSON object/);
  });

  it('puts all problems in the error message too', () => {
    try {
      configFromObject({ bitrix24: {}, onec: {}, mapping: {} });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /^Invalid configuration:\n {2}- bitrix24\.webhookUrl: required/);
      assert.equal(error.message.split('\n').length, 1 + error.problems.length);
    }
  });
});

describe('bitrix24.inbound', () => {
  const oauth = {
    clientId: 'local.abc.123',
    clientSecret: 'client-secret-1',
    refreshToken: 'refresh-token-1',
  };
  it('defaults to webhook; offline/both need oauth; offline needs no application token', () => {
    assert.equal(configFromObject(minimalConfig()).bitrix24.inbound, 'webhook');
    const withInbound = (bitrix24: Record<string, unknown>) => {
      const raw = minimalConfig();
      raw.bitrix24 = { ...(raw.bitrix24 as object), ...bitrix24 };
      return raw;
    };
    assert.ok(
      problemsOf(() => configFromObject(withInbound({ inbound: 'both' }))).some((p) =>
        p.includes('bitrix24.oauth'),
      ),
    );
    const offline = configFromObject(withInbound({ inbound: 'offline', applicationToken: undefined, oauth }));
    assert.equal(offline.bitrix24.oauth?.tokenUrl, 'https://oauth.bitrix.info/oauth/token/');
    assert.equal(offline.bitrix24.oauth?.pollIntervalMs, 10_000);
    assert.ok(
      problemsOf(() =>
        configFromObject(withInbound({ inbound: 'webhook', applicationToken: undefined })),
      ).some((p) => p.includes('bitrix24.applicationToken')),
    );
    assert.ok(
      problemsOf(() => configFromObject(withInbound({ inbound: 'sometimes' }))).some((p) =>
        p.includes('bitrix24.inbound'),
      ),
    );
  });

  it('OAuth secrets come from the environment and are redacted', async () => {
    const { secretValues } = await import('../../config/secrets');
    const raw = minimalConfig();
    raw.bitrix24 = { ...(raw.bitrix24 as object), inbound: 'both', oauth: { ...oauth } };
    const dir = mkdtempSync(join(tmpdir(), 'b24-oauth-'));
    try {
      const path = join(dir, 'integration.json');
      writeFileSync(path, JSON.stringify(raw));
      const config = loadConfig({
        path,
        env: { B24_CLIENT_SECRET: 'from-env-secret', B24_REFRESH_TOKEN: 'from-env-refresh' },
      });
      assert.equal(config.bitrix24.oauth?.clientSecret, 'from-env-secret');
      const secrets = secretValues(config);
      assert.ok(secrets.includes('from-env-secret') && secrets.includes('from-env-refresh'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('demo config reads both channels with the sandbox application', () => {
    const config = configFromObject(demo);
    assert.equal(config.bitrix24.inbound, 'both');
    assert.equal(config.bitrix24.oauth?.clientId, 'local.5a4db3c2e1f0a9.20260101');
  });
});
