/**
 * Zod schemas of the Bitrix24 entities the integration reads. Smart-process items are camelCase
 * (crm.item.*); legacy CRM entities are UPPER_CASE with ids as strings. Every object schema passes
 * unknown keys through: user fields (`ufCrm…`, `UF_CRM_…`) vary per portal and must survive.
 */
import { z } from 'zod';

/** Legacy methods send ids as strings ("17"); accept numbers too and always hand out strings. */
const legacyId = z.union([z.string(), z.number()]).transform(String);
const optionalText = z.string().nullish();

/** crm.item.* ids and numeric fields are JSON numbers; null where unset (e.g. `companyId`). */
const optionalNumber = z.number().nullish();

export const crmItemSchema = z
  .object({
    id: z.number(),
    xmlId: optionalText,
    title: optionalText,
    createdBy: optionalNumber,
    updatedBy: optionalNumber,
    createdTime: z.string(),
    updatedTime: z.string(),
    assignedById: optionalNumber,
    categoryId: optionalNumber,
    stageId: optionalText,
    previousStageId: optionalText,
    begindate: optionalText,
    closedate: optionalText,
    companyId: optionalNumber,
    contactId: optionalNumber,
    contactIds: z.array(z.number()).nullish(),
    opportunity: optionalNumber,
    currencyId: optionalText,
    sourceId: optionalText,
    sourceDescription: optionalText,
    observers: z.array(z.number()).nullish(),
  })
  .passthrough();
export type CrmItem = z.infer<typeof crmItemSchema>;

/** crm.item.list returns only the `select`ed fields (plus `id`), so everything else may be missing. */
export const listedItemSchema = crmItemSchema.partial().extend({ id: z.number() }).passthrough();
export type ListedItem = z.infer<typeof listedItemSchema>;

export const itemResultSchema = z.object({ item: crmItemSchema });
export const itemsResultSchema = z.object({ items: z.array(z.unknown()) });

/** One value of a PHONE/EMAIL multifield. */
export const multifieldSchema = z
  .object({
    ID: legacyId.optional(),
    VALUE_TYPE: optionalText,
    VALUE: z.string(),
    TYPE_ID: optionalText,
  })
  .passthrough();
export type Multifield = z.infer<typeof multifieldSchema>;

const multifields = z.array(multifieldSchema).nullish();

export const companySchema = z
  .object({
    ID: legacyId,
    TITLE: optionalText,
    COMPANY_TYPE: optionalText,
    ASSIGNED_BY_ID: legacyId.nullish(),
    DATE_CREATE: optionalText,
    DATE_MODIFY: optionalText,
    HAS_PHONE: optionalText,
    HAS_EMAIL: optionalText,
    PHONE: multifields,
    EMAIL: multifields,
  })
  .passthrough();
export type Company = z.infer<typeof companySchema>;

export const contactSchema = z
  .object({
    ID: legacyId,
    NAME: optionalText,
    LAST_NAME: optionalText,
    SECOND_NAME: optionalText,
    TYPE_ID: optionalText,
    COMPANY_ID: legacyId.nullish(),
    ASSIGNED_BY_ID: legacyId.nullish(),
    DATE_CREATE: optionalText,
    DATE_MODIFY: optionalText,
    HAS_PHONE: optionalText,
    HAS_EMAIL: optionalText,
    PHONE: multifields,
    EMAIL: multifields,
  })
  .passthrough();
export type Contact = z.infer<typeof contactSchema>;

export const requisiteSchema = z
  .object({
    ID: legacyId,
    ENTITY_TYPE_ID: legacyId,
    ENTITY_ID: legacyId,
    PRESET_ID: legacyId.nullish(),
    NAME: optionalText,
    ACTIVE: optionalText,
    RQ_INN: optionalText,
    RQ_KPP: optionalText,
    RQ_OGRN: optionalText,
    RQ_COMPANY_NAME: optionalText,
    RQ_COMPANY_FULL_NAME: optionalText,
  })
  .passthrough();
export type Requisite = z.infer<typeof requisiteSchema>;

/** A stage row of crm.status.list; SEMANTICS is 'S' success, 'F' failure, empty while in progress. */
export const stageSchema = z
  .object({
    ID: legacyId,
    ENTITY_ID: z.string(),
    STATUS_ID: z.string(),
    NAME: z.string(),
    SORT: legacyId.nullish(),
    CATEGORY_ID: legacyId.nullish(),
    SEMANTICS: optionalText,
    SYSTEM: optionalText,
  })
  .passthrough();
export type Stage = z.infer<typeof stageSchema>;

export const userSchema = z
  .object({
    ID: legacyId,
    NAME: optionalText,
    LAST_NAME: optionalText,
    SECOND_NAME: optionalText,
    EMAIL: optionalText,
    ACTIVE: z.union([z.boolean(), z.string()]).nullish(),
  })
  .passthrough();
export type User = z.infer<typeof userSchema>;

/** Legacy add methods and timeline/notify answer with the new id (number, sometimes a numeric string). */
export const newIdSchema = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
