import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { saltedKey } from '../../domain/lock-key';
import { counterpartyInnWorkflowId } from '../../workflows/counterparty-workflow';

describe('salted lock keys', () => {
  test('the same INN and salt always give the same key; the key does not contain the INN', () => {
    const key = saltedKey('7707083893', 'salt-a');
    assert.equal(key, saltedKey('7707083893', 'salt-a'));
    assert.match(key, /^[0-9a-f]{16}$/);
    assert.ok(!counterpartyInnWorkflowId('7707083893', 'salt-a').includes('7707083893'));
  });

  test('another INN or another salt gives another key', () => {
    assert.notEqual(saltedKey('7707083893', 'salt-a'), saltedKey('7707083894', 'salt-a'));
    assert.notEqual(saltedKey('7707083893', 'salt-a'), saltedKey('7707083893', 'salt-b'));
  });
});
