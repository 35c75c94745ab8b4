/**
 * Parses a write body and converts the properties the entity has into stored values. Unknown properties
 * (and annotations like `odata.metadata`) are ignored as 1C does (checklist #42); wrong types → 400/`4`.
 */
import { z } from 'zod';
import { faults } from '../errors';
import { type EntitySetDef } from '../model';
import { coerceValue, GUID_RE, type Scalar } from '../values';

const bodySchema = z.record(z.string(), z.unknown());

/** A malformed body is an internal failure in 1C (500/`-1`, §7.4), not a 400. */
export function parseBody(text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw faults.internal();
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success || Array.isArray(json)) throw faults.internal();
  return parsed.data;
}

/**
 * Writable values present in the body: every declared, non-read-only property except `skip` (keys that
 * come from the URL), plus `Nav@odata.bind` references (§5.2) mapped to their `Nav_Key`.
 */
export function writableValues(
  set: EntitySetDef,
  body: Record<string, unknown>,
  skip: string[],
): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const prop of set.properties) {
    if (prop.readOnly || skip.includes(prop.name) || !(prop.name in body)) continue;
    out[prop.name] = coerceValue(prop, body[prop.name]);
  }
  for (const [nav, def] of Object.entries(set.navigation)) {
    const bind = body[`${nav}@odata.bind`];
    if (bind === undefined || skip.includes(def.keyProperty)) continue;
    const m = typeof bind === 'string' ? /guid'([^']*)'/i.exec(bind) : null;
    if (!m || !GUID_RE.test(m[1] ?? '')) throw faults.wrongValue(`${nav}@odata.bind`);
    out[def.keyProperty] = (m[1] ?? '').toLowerCase();
  }
  return out;
}
