import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecretShapes, Redactor } from '../../domain/redaction';

describe('maskSecretShapes', () => {
  it('masks the token of an inbound webhook URL, keeping portal, user and method readable', () => {
    assert.equal(
      maskSecretShapes('POST https://acme.bitrix24.ru/rest/1/k3y5ecr3t/crm.item.get.json failed'),
      'POST https://acme.bitrix24.ru/rest/1/***/crm.item.get.json failed',
    );
    assert.equal(maskSecretShapes('"url":"http://h/rest/17/abc"'), '"url":"http://h/rest/17/***"');
    assert.equal(maskSecretShapes('webhook http://h/rest/17/abc'), 'webhook http://h/rest/17/***');
  });

  it('leaves OAuth-style paths, which carry no token, alone', () => {
    assert.equal(maskSecretShapes('/rest/crm.item.get?x=1'), '/rest/crm.item.get?x=1');
  });

  it('masks the password of user:password@ URLs and Authorization values', () => {
    assert.equal(maskSecretShapes('http://odata:pa55w0rd@1c.local/base/'), 'http://odata:***@1c.local/base/');
    assert.equal(maskSecretShapes('Authorization: Basic b2RhdGE6b2RhdGE='), 'Authorization: Basic ***');
    assert.equal(maskSecretShapes('{"authorization":"Bearer abc.def"}'), '{"authorization":"Bearer ***"}');
    assert.equal(maskSecretShapes('{\\"Authorization\\":\\"xyz\\"}'), '{\\"Authorization\\":\\"***\\"}');
  });
});

describe('Redactor', () => {
  it('masks configured values, also JSON-escaped and URL-encoded, longest first', () => {
    const redactor = new Redactor(['pa"ss word', 'token-1234', 'token-1234-long']);
    assert.equal(redactor.redact('a token-1234-long b token-1234'), 'a *** b ***');
    assert.equal(redactor.redact(JSON.stringify({ p: 'pa"ss word' })), '{"p":"***"}');
    assert.equal(redactor.redact(`?p=${encodeURIComponent('pa"ss word')}`), '?p=***');
  });

  it('ignores empty and very short values that would blank ordinary text; add() extends the list', () => {
    const redactor = new Redactor(['', 'odata', undefined]);
    assert.equal(redactor.redact('odata /odata/standard.odata/'), 'odata /odata/standard.odata/');
    redactor.add(['def-secret']);
    assert.equal(redactor.redact('odata def-secret'), 'odata ***');
  });

  it('masks regular-expression characters literally', () => {
    assert.equal(new Redactor(['a.b*c+d']).redact('xa.b*c+dx aXbbc'), 'x***x aXbbc');
  });
});
