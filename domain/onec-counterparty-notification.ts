/**
 * `counterparty.changed`: the 1C extension's notification after a write of «Контрагенты» (same envelope,
 * headers and signature as the `zayavka.*` notifications, onec-notification.ts). It carries ids only, like
 * Bitrix24 events — the client's entity workflow re-reads the counterparty through OData.
 */
import { z } from 'zod';

const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, 'expected a GUID')
  .transform((s) => s.toLowerCase());

export const COUNTERPARTY_CHANGED = 'counterparty.changed';

export const oneCCounterpartyChangedSchema = z.object({
  event: z.literal(COUNTERPARTY_CHANGED),
  eventId: guid,
  occurredAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, 'expected YYYY-MM-DDThh:mm:ss'),
  occurredAtUtc: z.string().datetime({ message: 'expected an ISO-8601 UTC instant (…Z)' }),
  infobase: z.string().min(1),
  /** `integration` = written by us (data-load mode or our user): an echo, never synchronised back. */
  initiator: z.enum(['user', 'integration']),
  kontragent: z.object({
    Ref_Key: guid,
    /** After the write; the entity workflow tells its own writes' echoes by it. */
    DataVersion: z.string().min(1),
    /** `42` company 42, `C42` contact 42; empty when the counterparty is not linked to Bitrix24. */
    ИдКомпанииБитрикс24: z.string(),
  }),
});

export type OneCCounterpartyChanged = z.infer<typeof oneCCounterpartyChangedSchema>;

/**
 * Null when the body is not a `counterparty.changed` notification at all (the `zayavka.*` parser takes it
 * then); otherwise the validation result.
 */
export function parseCounterpartyNotification(
  rawBody: string,
): z.SafeParseReturnType<unknown, OneCCounterpartyChanged> | null {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  const event = json && typeof json === 'object' ? (json as { event?: unknown }).event : undefined;
  return event === COUNTERPARTY_CHANGED ? oneCCounterpartyChangedSchema.safeParse(json) : null;
}
