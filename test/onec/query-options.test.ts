import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ODataError, parseFormat, parseQueryString, parseSystemOptions } from '../../sandbox/onec/query';

function optionError(query: string): ODataError {
  try {
    parseSystemOptions(parseQueryString(query));
  } catch (error) {
    assert.ok(error instanceof ODataError);
    return error;
  }
  assert.fail(`${query} should be rejected`);
}

describe('parseQueryString', () => {
  it('decodes percent-encoded UTF-8 in names and values', () => {
    const q = parseQueryString(
      '%24filter=%D0%98%D0%9D%D0%9D%20eq%20%277707083893%27&%24select=Ref_Key%2C%20Description',
    );
    assert.equal(q.get('$filter'), "ИНН eq '7707083893'");
    assert.equal(q.get('$select'), 'Ref_Key, Description');
  });

  it('keeps + literally instead of turning it into a space', () => {
    const q = parseQueryString("?$filter=Телефон eq '+79161234567'&x=a+b");
    assert.equal(q.get('$filter'), "Телефон eq '+79161234567'");
    assert.equal(q.get('x'), 'a+b');
    assert.equal(parseQueryString('$filter=%2B7').get('$filter'), '+7');
  });

  it('accepts raw UTF-8, keeps names case-sensitive and tolerates odd segments', () => {
    const q = parseQueryString('$Filter=a&$filter=Code eq 1&&flag&bad=%zz%4');
    assert.equal(q.get('$Filter'), 'a');
    assert.equal(q.get('$filter'), 'Code eq 1');
    assert.equal(q.get('flag'), '');
    assert.equal(q.get('bad'), '%zz%4');
    assert.equal(parseQueryString('').size, 0);
    assert.equal(parseQueryString('?').size, 0);
  });

  it('only splits on the first = of a segment', () => {
    assert.equal(parseQueryString("$filter=Code eq '1=1'").get('$filter'), "Code eq '1=1'");
  });
});

describe('parseSystemOptions', () => {
  it('collects every supported option', () => {
    const o = parseSystemOptions(
      parseQueryString(
        "$format=application/json;odata=nometadata&$filter=Code eq '1'&$select=Ref_Key&$orderby=Code desc" +
          '&$top=10&$skip=20&$inlinecount=allpages&$expand=Статус&allowedOnly=true&PostingModeOperational=false',
      ),
    );
    assert.deepEqual(o.format, { kind: 'json', metadata: 'none' });
    assert.equal(o.filter, "Code eq '1'");
    assert.equal(o.select, 'Ref_Key');
    assert.equal(o.orderby, 'Code desc');
    assert.equal(o.expand, 'Статус');
    assert.equal(o.top, 10);
    assert.equal(o.skip, 20);
    assert.equal(o.inlinecount, 'allpages');
    assert.equal(o.allowedOnly, true);
    assert.equal(o.custom.get('PostingModeOperational'), 'false');
  });

  it('accepts $allowedOnly and $inlinecount=none', () => {
    const o = parseSystemOptions(parseQueryString('$allowedOnly=false&$inlinecount=none'));
    assert.equal(o.allowedOnly, false);
    assert.equal(o.inlinecount, 'none');
  });

  it('refuses unknown $options with code 0 and the 1C message', () => {
    const e = optionError('$expan=Должность');
    assert.equal(e.code, '0');
    assert.equal(e.httpStatus, 400);
    assert.equal(e.message, 'The $expan parameter is not supported');
    assert.equal(optionError('$count=true').code, '0');
    assert.equal(optionError('$Filter=Code eq 1').code, '0');
  });

  it('refuses bad $top, $skip, $inlinecount and allowedOnly with code 14', () => {
    for (const q of ['$top=-1', '$top=abc', '$top=', '$skip=1.5', '$inlinecount=all', 'allowedOnly=yes']) {
      const e = optionError(q);
      assert.equal(e.code, '14', q);
      assert.equal(e.httpStatus, 400, q);
    }
    assert.equal(parseSystemOptions(parseQueryString('$top=0')).top, 0);
  });

  it('leaves raw $filter text to the filter compiler', () => {
    assert.equal(parseSystemOptions(parseQueryString('$filter=')).filter, '');
  });
});

describe('$format values', () => {
  it('maps the documented values', () => {
    assert.deepEqual(parseFormat('json'), { kind: 'json', metadata: 'minimal' });
    assert.deepEqual(parseFormat('atom'), { kind: 'atom' });
    assert.deepEqual(parseFormat('application/json'), { kind: 'json', metadata: 'minimal' });
    assert.deepEqual(parseFormat('application/json;odata=minimalmetadata'), {
      kind: 'json',
      metadata: 'minimal',
    });
    assert.deepEqual(parseFormat('application/json; odata=nometadata'), { kind: 'json', metadata: 'none' });
    assert.deepEqual(parseFormat('application/json;odata=fullmetadata'), { kind: 'json', metadata: 'full' });
    assert.deepEqual(parseFormat('application/atom+xml'), { kind: 'atom' });
  });

  it('refuses other representations with code 3', () => {
    for (const value of ['xml', 'csv', 'application/json;odata=verbose', 'application/json;foo=bar', '']) {
      assert.throws(
        () => parseFormat(value),
        (e: unknown) => e instanceof ODataError && e.code === '3' && e.httpStatus === 406,
        value,
      );
    }
  });
});
