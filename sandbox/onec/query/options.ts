/**
 * System query options (`$…`) of a request. Values that need the entity model (`$filter`, `$select`,
 * `$orderby`, `$expand`) stay raw here and are compiled by their own modules; everything else is validated.
 */
import { ODataError, parseError } from './errors';

export type ResponseFormat = { kind: 'atom' } | { kind: 'json'; metadata: 'minimal' | 'none' | 'full' };

export interface SystemOptions {
  filter?: string;
  select?: string;
  orderby?: string;
  expand?: string;
  top?: number;
  skip?: number;
  /** `allpages` adds `odata.count`; `none` or absent suppresses it. */
  inlinecount?: 'allpages' | 'none';
  /** Absent when `$format` was not given: the server then negotiates by `Accept` (default Atom). */
  format?: ResponseFormat;
  /** `allowedOnly` / `$allowedOnly` [D 17.4.5.4]. */
  allowedOnly?: boolean;
  /** Non-`$` parameters (e.g. `PostingModeOperational`, `Condition`), passed through untouched. */
  custom: Map<string, string>;
}

const KNOWN = new Set([
  '$filter',
  '$select',
  '$orderby',
  '$expand',
  '$top',
  '$skip',
  '$inlinecount',
  '$format',
  '$allowedOnly',
]);

function nonNegativeInteger(name: string, value: string): number {
  const trimmed = value.trim();
  if (!/^\d{1,15}$/.test(trimmed)) throw parseError(name);
  return Number(trimmed);
}

/** `$format` values 1C understands [D 17.4.2, 17.4.7]; anything else is code 3 (representation not supported). */
export function parseFormat(value: string): ResponseFormat {
  const parts = value
    .split(';')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '');
  const [media, ...params] = parts;
  if (media === 'atom' || media === 'application/atom+xml') return { kind: 'atom' };
  if (media === 'json' || media === 'application/json') {
    let metadata: 'minimal' | 'none' | 'full' = 'minimal';
    for (const param of params) {
      const [key, val] = param.split('=').map((s) => s.trim());
      if (key === 'charset') continue;
      if (key !== 'odata') throw unsupportedFormat(value);
      if (val === 'nometadata') metadata = 'none';
      else if (val === 'minimalmetadata') metadata = 'minimal';
      else if (val === 'fullmetadata') metadata = 'full';
      else throw unsupportedFormat(value);
    }
    return { kind: 'json', metadata };
  }
  throw unsupportedFormat(value);
}

function unsupportedFormat(value: string): ODataError {
  return new ODataError(406, '3', `The requested representation "${value}" is not supported`);
}

function parseBoolean(name: string, value: string): boolean {
  const lower = value.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw parseError(name);
}

export function parseSystemOptions(options: Map<string, string>): SystemOptions {
  const result: SystemOptions = { custom: new Map() };
  for (const [name, value] of options) {
    if (name === 'allowedOnly' || name === '$allowedOnly') {
      result.allowedOnly = parseBoolean(name, value);
      continue;
    }
    if (!name.startsWith('$')) {
      result.custom.set(name, value);
      continue;
    }
    // Unknown system options (typos like `$expan`, v4's `$count=true`) are refused with code 0 [B 1.130].
    if (!KNOWN.has(name)) throw new ODataError(400, '0', `The ${name} parameter is not supported`);
    switch (name) {
      case '$filter':
        result.filter = value;
        break;
      case '$select':
        result.select = value;
        break;
      case '$orderby':
        result.orderby = value;
        break;
      case '$expand':
        result.expand = value;
        break;
      case '$top':
        result.top = nonNegativeInteger(name, value);
        break;
      case '$skip':
        result.skip = nonNegativeInteger(name, value);
        break;
      case '$inlinecount': {
        const v = value.trim();
        if (v !== 'allpages' && v !== 'none') throw parseError(name);
        result.inlinecount = v;
        break;
      }
      case '$format':
        result.format = parseFormat(value);
        break;
    }
  }
  return result;
}
