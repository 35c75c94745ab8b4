import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatProblemsForManager, validateRequest } from '../../domain/validation';
import { company, request, REQUEST_TYPES } from './fixtures';

const rules = { requestTypes: REQUEST_TYPES };

describe('validateRequest', () => {
  it('accepts a complete request and returns the mapped 1C type', () => {
    assert.deepEqual(validateRequest(request(), rules), { ok: true, requestType: 'Ремонт' });
  });

  it('accepts a client that has only an e-mail, or only a phone', () => {
    assert.equal(validateRequest(request({ client: company({ phones: [] }) }), rules).ok, true);
    assert.equal(validateRequest(request({ client: company({ emails: [] }) }), rules).ok, true);
  });

  it('accepts a client without INN', () => {
    const { inn: _inn, ...withoutInn } = company();
    assert.equal(validateRequest(request({ client: withoutInn }), rules).ok, true);
    assert.equal(validateRequest(request({ client: company({ inn: '  ' }) }), rules).ok, true);
  });

  it('reports a blank description', () => {
    const result = validateRequest(request({ description: '  \n ' }), rules);
    assert.equal(result.ok, false);
    if (!result.ok)
      assert.deepEqual(
        result.problems.map((p) => p.field),
        ['description'],
      );
  });

  it('reports a missing and an unmapped request type differently', () => {
    const missing = validateRequest(request({ requestTypeId: null }), rules);
    const unmapped = validateRequest(request({ requestTypeId: '999' }), rules);
    assert.ok(!missing.ok && !unmapped.ok);
    if (!missing.ok && !unmapped.ok) {
      assert.equal(missing.problems[0]?.field, 'requestType');
      assert.equal(unmapped.problems[0]?.field, 'requestType');
      assert.match(unmapped.problems[0]?.message ?? '', /999/);
      assert.notEqual(missing.problems[0]?.message, unmapped.problems[0]?.message);
    }
  });

  it('names a linked company or contact that Bitrix24 no longer has', () => {
    const company = validateRequest(
      request({ client: null, missingClient: { kind: 'company', id: 42 } }),
      rules,
    );
    const contact = validateRequest(
      request({ client: null, missingClient: { kind: 'contact', id: 7 } }),
      rules,
    );
    assert.ok(!company.ok && !contact.ok);
    if (!company.ok && !contact.ok) {
      assert.deepEqual(
        company.problems.map((p) => p.field),
        ['client'],
      );
      assert.match(company.problems[0]?.message ?? '', /Компания № 42, указанная в заявке, не найдена/);
      assert.match(contact.problems[0]?.message ?? '', /Контакт № 7, указанный в заявке, не найден/);
      assert.match(
        contact.problems[0]?.message ?? '',
        /Привяжите к заявке существующую компанию или контакт/,
      );
    }
  });

  it('reports a missing client, and then does not ask for its contacts', () => {
    const result = validateRequest(request({ client: null }), rules);
    assert.ok(!result.ok);
    if (!result.ok)
      assert.deepEqual(
        result.problems.map((p) => p.field),
        ['client'],
      );
  });

  it('reports a client whose phones and e-mails are all invalid', () => {
    const result = validateRequest(
      request({ client: company({ phones: ['123'], emails: ['nope'] }) }),
      rules,
    );
    assert.ok(!result.ok);
    if (!result.ok) {
      assert.deepEqual(
        result.problems.map((p) => p.field),
        ['contact'],
      );
      assert.match(result.problems[0]?.message ?? '', /Ромашка/);
    }
  });

  it('reports a bad INN checksum unless the check is switched off', () => {
    const req = request({ client: company({ inn: '7707083894' }) });
    const result = validateRequest(req, rules);
    assert.ok(!result.ok);
    if (!result.ok) {
      assert.deepEqual(
        result.problems.map((p) => p.field),
        ['inn'],
      );
      assert.match(result.problems[0]?.message ?? '', /7707083894/);
    }
    assert.equal(validateRequest(req, { ...rules, checkInn: false }).ok, true);
  });

  it('lists every problem at once, in a stable order', () => {
    const result = validateRequest(
      request({
        description: '',
        requestTypeId: '',
        client: company({ phones: [], emails: [], inn: '123' }),
      }),
      rules,
    );
    assert.ok(!result.ok);
    if (!result.ok) {
      assert.deepEqual(
        result.problems.map((p) => p.field),
        ['description', 'requestType', 'contact', 'inn'],
      );
      for (const p of result.problems) assert.match(p.message, /[А-Яа-я]/);
    }
  });
});

describe('formatProblemsForManager', () => {
  it('names the item and lists each problem on its own numbered line', () => {
    const result = validateRequest(request({ description: '', requestTypeId: null }), rules);
    assert.ok(!result.ok);
    if (result.ok) return;
    const text = formatProblemsForManager(request(), result.problems);
    const lines = text.split('\n');
    assert.equal(lines[0], '[b]Заявка «Не включается кассовый аппарат» (№ 187) не передана в 1С[/b]');
    assert.ok(lines.some((l) => l.startsWith('1. ') && l.includes('описание')));
    assert.ok(lines.some((l) => l.startsWith('2. ') && l.includes('тип заявки')));
    assert.ok(!lines.some((l) => l.startsWith('3. ')));
  });

  it('neutralises BB-code in user text and handles an empty title', () => {
    const text = formatProblemsForManager({ itemId: 5, title: '[url=http://x]click[/url]' }, [
      { field: 'description', message: 'x' },
    ]);
    assert.ok(!text.includes('[url'));
    assert.ok(text.includes('(url=http://x)click(/url)'));
    assert.match(formatProblemsForManager({ itemId: 5, title: ' ' }, []), /«без названия» \(№ 5\)/);
  });
});
