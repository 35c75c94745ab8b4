import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor } from '../../domain/redaction';
import { createLogger, logSettingsFromEnv, type LogFormat } from '../../observability/logger';

function capture(format: LogFormat, secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'info',
    format,
    redactor: new Redactor(secrets),
    destination: { write: (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)) },
  });
  return { logger, lines };
}

describe('logger', () => {
  it('writes one JSON object per event in production format, level as a word', () => {
    const { logger, lines } = capture('json');
    logger.child({ component: 'receiver' }).warn({ status: 401 }, 'request rejected');
    logger.debug('not at info');
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(entry.level, 'warn');
    assert.equal(entry.msg, 'request rejected');
    assert.equal(entry.component, 'receiver');
    assert.equal(entry.status, 401);
    assert.match(String(entry.time), /^\d{4}-\d\d-\d\dT/);
  });

  it('writes one readable line per event in the demo format, even for multi-line text', () => {
    const { logger, lines } = capture('pretty');
    logger.child({ component: 'worker' }).info({ taskQueue: 'q', detail: 'two words' }, 'first\nsecond');
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}worker: first ⏎ second {2}taskQueue=q detail="two words"$/,
    );
  });

  it('masks configured secrets and secret shapes in messages, fields and nested objects', () => {
    for (const format of ['json', 'pretty'] as const) {
      const { logger, lines } = capture(format, ['app-token-123456', 'onec-pass-word']);
      logger.warn(
        {
          url: 'https://p.bitrix24.ru/rest/1/webhooktoken42/crm.item.get',
          nested: { deeper: 'token app-token-123456' },
          headers: { authorization: 'Basic b25lYzpvbmVjLXBhc3Mtd29yZA==' },
          password: 'whatever-it-is',
        },
        'failed with onec-pass-word',
      );
      const text = lines.join('\n');
      for (const secret of [
        'app-token-123456',
        'onec-pass-word',
        'webhooktoken42',
        'b25lYzpv',
        'whatever-it-is',
      ])
        assert.ok(!text.includes(secret), `${format}: ${secret} leaked in ${text}`);
      assert.match(text, /rest\/1\/\*\*\*\/crm\.item\.get/);
    }
  });

  it('reads LOG_LEVEL and LOG_FORMAT, refusing unknown values', () => {
    assert.deepEqual(logSettingsFromEnv({}), { level: 'info', format: 'json' });
    assert.deepEqual(logSettingsFromEnv({}, { format: 'pretty' }), { level: 'info', format: 'pretty' });
    assert.deepEqual(logSettingsFromEnv({ LOG_LEVEL: 'WARN', LOG_FORMAT: 'json' }, { format: 'pretty' }), {
      level: 'warn',
      format: 'json',
    });
    assert.throws(() => logSettingsFromEnv({ LOG_LEVEL: 'verbose' }), /LOG_LEVEL must be one of/);
    assert.throws(() => logSettingsFromEnv({ LOG_FORMAT: 'xml' }), /LOG_FORMAT must be one of/);
  });
});
