/**
 * crm.duplicate.findbycomm {type: PHONE|EMAIL, values[], entity_type?}: ids of companies/contacts (leads are not
 * kept by the sandbox) having any of the values. `[]` when nothing matches; at most 20 values.
 */
import { z } from 'zod';
import { normalizeEmail, normalizePhone } from '../crm/communications';
import { multiFields } from '../crm/model';
import { Bitrix24ApiError, value, type MethodHandler } from './types';

const ENTITY_TYPES = ['LEAD', 'CONTACT', 'COMPANY'] as const;
const MAX_VALUES = 20;

const paramsSchema = z.object({
  type: z.string().optional(),
  values: z.union([z.array(z.unknown()), z.record(z.unknown()), z.string()]).optional(),
  entity_type: z.string().optional(),
});

const error = (code: string, description: string): Bitrix24ApiError =>
  new Bitrix24ApiError(code, description, 400);

const findByComm: MethodHandler = (params, ctx) => {
  const parsed = paramsSchema.safeParse(params);
  const p = parsed.success ? parsed.data : {};
  const type = p.type?.toUpperCase();
  if (!type) throw error('Communication type is not defined', "Parameter 'type' is required.");
  if (type !== 'PHONE' && type !== 'EMAIL') {
    throw error(
      `Communication type '${p.type}' is not supported in current context`,
      "Parameter 'type' is invalid.",
    );
  }
  const rawValues =
    p.values === undefined ? [] : typeof p.values === 'string' ? [p.values] : Object.values(p.values);
  const values = rawValues
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map(String);
  if (values.length === 0)
    throw error('Communication values is not defined', "Parameter 'values' is required.");
  const entityType = p.entity_type?.toUpperCase();
  if (entityType && !ENTITY_TYPES.includes(entityType as never)) {
    throw error(
      `Entity type '${p.entity_type}' is not supported in current context`,
      "Parameter 'entity_type' is invalid.",
    );
  }
  const normalize = type === 'PHONE' ? normalizePhone : normalizeEmail;
  const wanted = new Set(
    values
      .slice(0, MAX_VALUES)
      .map(normalize)
      .filter((v) => v !== ''),
  );
  const found: Record<string, number[]> = {};
  for (const row of multiFields(ctx.store).all()) {
    if (row.TYPE_ID !== type || (entityType && row.ENTITY_ID !== entityType)) continue;
    if (!wanted.has(normalize(row.VALUE))) continue;
    const ids = (found[row.ENTITY_ID] ??= []);
    const id = Number(row.ELEMENT_ID);
    if (!ids.includes(id)) ids.push(id);
  }
  for (const ids of Object.values(found)) ids.sort((a, b) => a - b);
  return value(Object.keys(found).length === 0 ? [] : found);
};

export const duplicateMethods: Record<string, MethodHandler> = { 'crm.duplicate.findbycomm': findByComm };
