/**
 * PHP-style query-string encoding (`fields[TITLE]=…&select[0]=ID`), the form Bitrix24 parses with
 * `parse_str`. Needed for `batch` commands, which carry each call as `method?query` text.
 */

/**
 * A value that refers to an earlier batch command's result (`$result[a][item][companyId]`). Bitrix24
 * substitutes these itself, so they must reach the server verbatim; the strict pattern (identifiers in
 * brackets only) means user data can never smuggle `&` or `=` through this exemption.
 */
const BATCH_REFERENCE = /^\$result(?:_next|_total|_error|_time)?(?:\[[A-Za-z0-9_]+\])+$/;

/** Percent-encodes a key segment; brackets are structural and stay literal so PHP sees nesting. */
function encodeKey(key: string): string {
  return encodeURIComponent(key);
}

function encodeValue(value: string): string {
  return BATCH_REFERENCE.test(value) ? value : encodeURIComponent(value);
}

function scalarText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  // PHP's http_build_query sends booleans as 1/0; Bitrix24 treats 'Y'/'N' fields separately (caller's job).
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

function appendPairs(prefix: string, value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((element, index) => appendPairs(`${prefix}[${index}]`, element, out));
    return;
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const [key, nested] of Object.entries(value))
      appendPairs(`${prefix}[${encodeKey(key)}]`, nested, out);
    return;
  }
  const text = scalarText(value);
  // null/undefined are omitted, as http_build_query does; sending "null" would set the text "null".
  if (text !== undefined) out.push(`${prefix}=${encodeValue(text)}`);
}

/** Encodes nested params the way PHP's `http_build_query` would read them back (`a[b][0]=c`). */
export function encodePhpQuery(params: Record<string, unknown>): string {
  const out: string[] = [];
  for (const [key, value] of Object.entries(params)) appendPairs(encodeKey(key), value, out);
  return out.join('&');
}
