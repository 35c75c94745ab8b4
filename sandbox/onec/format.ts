/**
 * Response-format negotiation (§1.3): `$format` wins; otherwise `Accept: application/json[;odata=…]` selects
 * JSON; everything else gets Atom/XML, which is 1C's default.
 */
import { parseFormat, type ResponseFormat } from './query';

export type { ResponseFormat };

export function negotiateFormat(
  formatOption: ResponseFormat | undefined,
  accept: string | undefined,
): ResponseFormat {
  if (formatOption) return formatOption;
  if (!accept) return { kind: 'atom' };
  for (const range of accept.split(',')) {
    const media = range.trim();
    if (!media.toLowerCase().startsWith('application/json')) continue;
    const params = media
      .split(';')
      .slice(1)
      .filter((p) => /^\s*odata\s*=/i.test(p));
    try {
      return parseFormat(['application/json', ...params].join(';'));
    } catch {
      return { kind: 'json', metadata: 'minimal' };
    }
  }
  return { kind: 'atom' };
}

export function isJson(format: ResponseFormat): boolean {
  return format.kind === 'json';
}

export const CONTENT_TYPES = {
  json: 'application/json;charset=utf-8',
  feed: 'application/atom+xml;type=feed;charset=utf-8',
  entry: 'application/atom+xml;type=entry;charset=utf-8',
  xml: 'application/xml;charset=utf-8',
  text: 'text/plain;charset=utf-8',
} as const;
