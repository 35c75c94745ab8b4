/**
 * Form encoding exactly as PHP's `http_build_query()` produces it, because Bitrix24 posts outbound events
 * with it: nested keys become `a[b][c]`, brackets and values are `urlencode()`d (space → `+`, `~` → `%7E`),
 * `true`/`false` become `1`/`0`, and `null`/`undefined` entries are left out.
 */
export function buildPhpQuery(data: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(data)) appendPairs(pairs, key, value);
  return pairs.join('&');
}

function appendPairs(pairs: string[], key: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => appendPairs(pairs, `${key}[${index}]`, item));
    return;
  }
  if (typeof value === 'object') {
    for (const [child, item] of Object.entries(value as Record<string, unknown>)) {
      appendPairs(pairs, `${key}[${child}]`, item);
    }
    return;
  }
  pairs.push(`${phpUrlEncode(key)}=${phpUrlEncode(scalarText(value))}`);
}

function scalarText(value: unknown): string {
  if (value === true) return '1';
  if (value === false) return '0';
  return String(value);
}

/** PHP `urlencode()`: like encodeURIComponent, but also escapes `!'()*~` and writes spaces as `+`. */
export function phpUrlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}
