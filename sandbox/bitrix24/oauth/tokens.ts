/**
 * The portal's side of OAuth for its one local application: authorization codes (30 s), access tokens
 * (an hour by default) and refresh tokens (180 days), kept in store tables so a persisted sandbox keeps an
 * installation's tokens across restarts, as a portal does. A refresh hands out a new pair; the old refresh
 * token stays valid for its lifetime (the vendor documents the lifetime, not a revocation on use).
 */
import { randomBytes } from 'node:crypto';
import type { Bitrix24Store, Table } from '../store';

export const CODE_TTL_MS = 30_000;
export const REFRESH_TTL_MS = 180 * 24 * 3600_000;

interface TokenRow extends Record<string, unknown> {
  ID: number;
  KIND: 'code' | 'access' | 'refresh';
  VALUE: string;
  USER_ID: number;
  EXPIRES_AT: number;
}

function tokensTable(store: Bitrix24Store): Table<TokenRow> {
  return store.table<TokenRow>('oauthTokens');
}

/** 32 lower-case letters and digits, the shape of the vendor's tokens in its examples. */
function newToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
}

function issue(store: Bitrix24Store, kind: TokenRow['KIND'], userId: number, ttlMs: number, now: number) {
  const table = tokensTable(store);
  const id = table.nextId();
  return table.insert(id, { ID: id, KIND: kind, VALUE: newToken(), USER_ID: userId, EXPIRES_AT: now + ttlMs })
    .VALUE;
}

function find(store: Bitrix24Store, kind: TokenRow['KIND'], value: string): TokenRow | undefined {
  return tokensTable(store)
    .all()
    .find((row) => row.KIND === kind && row.VALUE === value);
}

export function issueCode(store: Bitrix24Store, userId: number, now = Date.now()): string {
  return issue(store, 'code', userId, CODE_TTL_MS, now);
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  userId: number;
}

export function issuePair(
  store: Bitrix24Store,
  userId: number,
  accessTtlMs: number,
  now = Date.now(),
): TokenPair {
  return {
    accessToken: issue(store, 'access', userId, accessTtlMs, now),
    refreshToken: issue(store, 'refresh', userId, REFRESH_TTL_MS, now),
    userId,
  };
}

/** A code is good once, within its 30 s. */
export function redeemCode(store: Bitrix24Store, code: string, now = Date.now()): number | undefined {
  const row = find(store, 'code', code);
  if (!row) return undefined;
  tokensTable(store).delete(row.ID);
  return row.EXPIRES_AT > now ? row.USER_ID : undefined;
}

export function refreshOwner(
  store: Bitrix24Store,
  refreshToken: string,
  now = Date.now(),
): number | undefined {
  const row = find(store, 'refresh', refreshToken);
  return row && row.EXPIRES_AT > now ? row.USER_ID : undefined;
}

export type AccessCheck = { ok: true; userId: number } | { ok: false; reason: 'expired' | 'unknown' };

export function checkAccessToken(store: Bitrix24Store, token: string, now = Date.now()): AccessCheck {
  const row = find(store, 'access', token);
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.EXPIRES_AT <= now) return { ok: false, reason: 'expired' };
  return { ok: true, userId: row.USER_ID };
}

/** Ends every access token now (tests and chaos runs use it to see a refresh happen). */
export function expireAccessTokens(store: Bitrix24Store, now = Date.now()): number {
  const live = tokensTable(store)
    .all()
    .filter((row) => row.KIND === 'access' && row.EXPIRES_AT > now);
  for (const row of live) row.EXPIRES_AT = now;
  return live.length;
}
