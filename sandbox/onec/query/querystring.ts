/**
 * Query-string splitting the way 1C does it: names and values are percent-decoded as UTF-8 (`%24filter` is
 * `$filter` [L3][R3]) but `+` stays a plus sign [F2] — so `URLSearchParams` (which turns `+` into a space)
 * cannot be used.
 */
const decoder = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** Decodes `%XX` sequences as UTF-8 bytes; malformed escapes are kept literally instead of failing. */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length;) {
    const ch = text.charCodeAt(i);
    if (ch === 37 && i + 2 < text.length && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
      continue;
    }
    const cp = text.codePointAt(i) ?? ch;
    const chunk = String.fromCodePoint(cp);
    for (const b of encoder.encode(chunk)) bytes.push(b);
    i += chunk.length;
  }
  return decoder.decode(new Uint8Array(bytes));
}

/**
 * Parses `a=1&b=2` (a leading `?` is ignored). Names are case-sensitive; a later duplicate replaces an
 * earlier one; a segment without `=` gets the empty value.
 */
export function parseQueryString(rawQuery: string): Map<string, string> {
  const result = new Map<string, string>();
  const text = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  if (text === '') return result;
  for (const segment of text.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const name = percentDecode(eq < 0 ? segment : segment.slice(0, eq));
    const value = eq < 0 ? '' : percentDecode(segment.slice(eq + 1));
    if (name === '') continue;
    result.set(name, value);
  }
  return result;
}
