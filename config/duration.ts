/**
 * Human durations in the config file (`24h`, `90m`, `1h30m`, `45s`, `500ms`, `2d`): readable for the
 * administrator, converted once to milliseconds for the code.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+)(ms|s|m|h|d)/g;

/** Milliseconds, or null when the text is not a sequence of `<integer><unit>` parts. */
export function parseDuration(text: string): number | null {
  const compact = text.trim();
  if (!/^(\d+(ms|s|m|h|d))+$/.test(compact)) return null;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(PART)) total += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  return Number.isSafeInteger(total) ? total : null;
}
