/**
 * Parameter parsing shared by the method handlers. Everything arrives either as JSON (typed) or as form data
 * (all strings), so ids and flags are coerced; the error to raise is chosen by each method family.
 */
import { z } from 'zod';
import { Bitrix24ApiError, type Params } from './types';

const positiveInt = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v),
  z.number().int().positive(),
);

/** A positive integer id, or undefined when missing/invalid. */
export function readId(raw: unknown): number | undefined {
  const parsed = positiveInt.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

const objectSchema = z.record(z.unknown());

/** A JSON object / PHP map (not a list); undefined otherwise. */
export function readObject(raw: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(raw)) return raw.length === 0 ? {} : undefined;
  const parsed = objectSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** `select`: a list of names (form clients may send a map of index → name). */
export function readSelect(raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' ? Object.values(raw) : [raw];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}

export const isYes = (raw: unknown): boolean =>
  raw === true || raw === 'Y' || raw === 'y' || raw === 1 || raw === '1';

/** Legacy (crm.company.*, crm.requisite.*) methods read top-level parameters case-insensitively. */
export function upperKeys(params: Params): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(params)) out[key.toUpperCase()] = value;
  return out;
}

/** Error of the legacy CRM methods: empty code, text in the description, HTTP 400. */
export const legacyError = (description: string): Bitrix24ApiError =>
  new Bitrix24ApiError('', description, 400);
