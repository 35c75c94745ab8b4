import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatKeyPredicate,
  formatLiteral,
  ODataError,
  parseKeyPredicate,
  type KeyProperty,
} from '../../sandbox/onec/query';

const REF: KeyProperty[] = [{ name: 'Ref_Key', type: 'Edm.Guid' }];
const HISTORY: KeyProperty[] = [
  { name: 'Period', type: 'Edm.DateTime' },
  { name: 'Заявка_Key', type: 'Edm.Guid' },
  { name: 'Контрагент_Key', type: 'Edm.Guid' },
  { name: 'ИдСобытия', type: 'Edm.String' },
];
const ROW: KeyProperty[] = [
  { name: 'Ref_Key', type: 'Edm.Guid' },
  { name: 'LineNumber', type: 'Edm.Int64' },
];
const G1 = '7d2e4f60-d1c4-11ef-8a3b-0050569f2e01';
const G2 = '5a8c3e10-d1b7-11ef-8a3b-0050569f2e01';

function keyError(text: string, props: KeyProperty[]): string {
  try {
    parseKeyPredicate(text, props);
  } catch (error) {
    assert.ok(error instanceof ODataError, `${text}: ${String(error)}`);
    assert.equal(error.httpStatus, 400);
    return error.code;
  }
  assert.fail(`${text} should be rejected`);
}

describe('parseKeyPredicate', () => {
  it('reads a single key with or without its name, GUID case-insensitively', () => {
    assert.deepEqual(parseKeyPredicate(`(guid'${G1.toUpperCase()}')`, REF), { Ref_Key: G1 });
    assert.deepEqual(parseKeyPredicate(`(Ref_Key=guid'${G1}')`, REF), { Ref_Key: G1 });
    assert.deepEqual(parseKeyPredicate(`guid'${G1}'`, REF), { Ref_Key: G1 });
  });

  it('reads a composite register key in any order', () => {
    const text = `(ИдСобытия='b24:onCrmDynamicItemAdd:1038:187',Контрагент_Key=guid'${G2}',Period=datetime'2025-01-13T10:15:42',Заявка_Key=guid'${G1}')`;
    assert.deepEqual(parseKeyPredicate(text, HISTORY), {
      Period: '2025-01-13T10:15:42',
      Заявка_Key: G1,
      Контрагент_Key: G2,
      ИдСобытия: 'b24:onCrmDynamicItemAdd:1038:187',
    });
  });

  it('reads tabular-section row keys with spaces after commas and normalises dates', () => {
    assert.deepEqual(parseKeyPredicate(`(Ref_Key=guid'${G1}', LineNumber=1)`, ROW), {
      Ref_Key: G1,
      LineNumber: '1',
    });
    const parsed = parseKeyPredicate(
      `(Period=datetime'2025-01-13T10:15',Заявка_Key=guid'${G1}',Контрагент_Key=guid'${G2}',ИдСобытия='it''s')`,
      HISTORY,
    );
    assert.equal(parsed.Period, '2025-01-13T10:15:00');
    assert.equal(parsed.ИдСобытия, "it's");
  });

  it('answers a missing key part with code 7', () => {
    assert.equal(keyError(`(Period=datetime'2025-01-13T10:15:42',Заявка_Key=guid'${G1}')`, HISTORY), '7');
    assert.equal(keyError(`(guid'${G1}')`, ROW), '7');
  });

  it('answers malformed keys with code 14', () => {
    for (const bad of [
      `('${G1}')`,
      `(guid'${G1}`,
      `(guid'not-a-guid')`,
      "(Ref_Key='abc')",
      `(Ref_Key=guid'${G1}',Ref_Key=guid'${G1}')`,
      `(Other=guid'${G1}')`,
      `(Ref_Key=guid'${G1}' LineNumber=1)`,
      `(Ref_Key=guid'${G1}',LineNumber=1.5)`,
      `(Ref_Key=guid'${G1}',LineNumber='1')`,
      "(ИдСобытия='a'b')",
      '()',
    ]) {
      const props = bad.includes('LineNumber') ? ROW : REF;
      assert.equal(keyError(bad, props), bad === '()' ? '7' : '14', bad);
    }
  });

  it('formats canonical keys that parse back to the same values', () => {
    assert.equal(formatKeyPredicate({ Ref_Key: G1.toUpperCase() }, REF), `(guid'${G1}')`);
    const values = {
      Period: '2025-01-13T10:15:42',
      Заявка_Key: G1,
      Контрагент_Key: G2,
      ИдСобытия: "Д'Артаньян",
    };
    const text = formatKeyPredicate(values, HISTORY);
    assert.equal(
      text,
      `(Period=datetime'2025-01-13T10:15:42',Заявка_Key=guid'${G1}',Контрагент_Key=guid'${G2}',ИдСобытия='Д''Артаньян')`,
    );
    assert.deepEqual(parseKeyPredicate(text, HISTORY), values);
  });
});

describe('formatLiteral', () => {
  it('escapes strings by doubling quotes and validates GUIDs and dates', () => {
    assert.equal(formatLiteral('Бар "Д\'Артаньян"'), "'Бар \"Д''Артаньян\"'");
    assert.equal(formatLiteral({ guid: G1.toUpperCase() }), `guid'${G1}'`);
    assert.equal(formatLiteral({ datetime: '2025-01-01T00:00' }), "datetime'2025-01-01T00:00:00'");
    assert.equal(formatLiteral({ datetime: '0001-01-01T00:00:00' }), "datetime'0001-01-01T00:00:00'");
    assert.equal(formatLiteral(true), 'true');
    assert.equal(formatLiteral(null), 'null');
    assert.equal(formatLiteral(2.5), '2.5');
    assert.throws(() => formatLiteral({ guid: 'x' }), TypeError);
    assert.throws(() => formatLiteral({ datetime: '2025-13-01T00:00:00' }), TypeError);
  });
});
