/** The JSON envelopes every Bitrix24 REST answer comes in (success and error). */
import { z } from 'zod';

export const errorEnvelopeSchema = z.object({
  error: z.string(),
  error_description: z.string().optional().default(''),
});

export const successEnvelopeSchema = z.object({
  result: z.unknown(),
  total: z.number().optional(),
  next: z.number().optional(),
  time: z.record(z.unknown()).optional(),
});

export type SuccessEnvelope = z.infer<typeof successEnvelopeSchema>;

/** PHP serialises an empty associative array as `[]`, so batch maps may arrive as arrays. */
function phpMap<T>(
  value: z.ZodType<T, z.ZodTypeDef, unknown>,
): z.ZodType<Record<string, T>, z.ZodTypeDef, unknown> {
  return z.union([
    z.record(value),
    z
      .array(z.unknown())
      .length(0)
      .transform((): Record<string, T> => ({})),
  ]);
}

export const batchResultSchema = z.object({
  result: phpMap(z.unknown()),
  result_error: phpMap(errorEnvelopeSchema),
  result_total: phpMap(z.unknown()).optional(),
  result_next: phpMap(z.unknown()).optional(),
  result_time: phpMap(z.unknown()).optional(),
});
