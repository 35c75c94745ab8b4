/**
 * docker-compose.yml and `npm run cluster` must run the same Temporal server with the same configuration:
 * these checks fail the moment one side is changed without the other.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SERVER_CONFIG_FILE } from '../../scripts/lib/cluster';
import { TEMPORAL_SERVER_VERSION } from '../../scripts/lib/temporal-server';
import { requestSearchAttributes } from '../../workflows/search-attributes';

const compose = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');

test('compose pins the Temporal version the cluster script builds', () => {
  const versions = [...compose.matchAll(/\$\{TEMPORAL_VERSION:-([^}]+)\}/g)].map((m) => m[1]);
  assert.ok(versions.length >= 2, 'server and admin-tools images');
  assert.deepEqual(new Set(versions), new Set([TEMPORAL_SERVER_VERSION]));
});

test('compose starts the server from the configuration file the cluster script uses', () => {
  assert.ok(existsSync(SERVER_CONFIG_FILE));
  assert.match(SERVER_CONFIG_FILE, /deploy\/temporal\/cluster\.yaml$/);
  assert.match(compose, /- \.\/deploy\/temporal:\/etc\/b24-onec-bridge\/temporal:ro/);
  assert.match(compose, /temporal-server --root \/etc\/b24-onec-bridge --config temporal --env cluster /);
  // The server renders the file itself; without the marker it would read the template text literally.
  assert.match(readFileSync(SERVER_CONFIG_FILE, 'utf8').split('\n')[0] ?? '', /^# enable-template/);
});

test('compose registers the search attributes request workflows carry', () => {
  const list = /for attr in ([^;]+);/.exec(compose)?.[1]?.trim().split(/\s+/) ?? [];
  const typeName: Record<string, string> = { INT: 'Int', KEYWORD: 'Keyword' };
  assert.deepEqual(
    list.sort(),
    requestSearchAttributes.map((key) => `${key.name}:${typeName[key.type]}`).sort(),
  );
});
