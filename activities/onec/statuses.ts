/**
 * Request statuses («Catalog_СтатусыЗаявок»). The mapping to Bitrix24 stages lives in 1C
 * (`КодСтадииБитрикс24`) so an admin can change it; we load all five once and map locally.
 */
import { z } from 'zod';
import type { OneCClient } from './client';

export const STATUSES = 'Catalog_СтатусыЗаявок';

const statusRow = z
  .object({
    Ref_Key: z.string(),
    Code: z.string(),
    Description: z.string(),
    PredefinedDataName: z.string(),
    КодСтадииБитрикс24: z.string(),
  })
  .transform((r) => ({
    ref: r.Ref_Key,
    code: r.Code,
    name: r.Description,
    /** `Новая`, `ВРаботе`, … or "" for statuses an admin added. */
    predefinedName: r.PredefinedDataName,
    /** `DT1038_10:NEW`-style stage id, "" when not mapped. */
    bitrixStageId: r.КодСтадииБитрикс24,
  }));
export type RequestStatus = z.infer<typeof statusRow>;

export async function listStatuses(c: OneCClient): Promise<RequestStatus[]> {
  const select = ['Ref_Key', 'Code', 'Description', 'PredefinedDataName', 'КодСтадииБитрикс24'];
  return c.list(STATUSES, { select, orderby: 'Code' }, statusRow);
}
