/**
 * URL pieces of the 1C standard OData interface. Set names are Cyrillic and percent-encoded as UTF-8;
 * query values are fully percent-encoded (spaces as `%20`, never `+`, which 1C keeps as a literal plus).
 */
import { normalizeGuid } from './literals';

const SET_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** `Document_Заявка` → `Document_%D0%97…`; rejects anything that is not a plain entity-set name. */
export function setPath(set: string): string {
  if (!SET_NAME.test(set)) throw new TypeError(`not an OData entity set name: ${JSON.stringify(set)}`);
  return encodeURIComponent(set);
}

/** Canonical address of a catalog item or document: `Set(guid'…')`. */
export function entityPath(set: string, ref: string): string {
  return `${setPath(set)}(guid'${normalizeGuid(ref)}')`;
}

/** Encodes a query value strictly (also `'()*!`, as live-tested clients do) so nothing is ambiguous. */
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Builds `?$a=…&$b=…`; option names stay literal (`$filter`), undefined values are skipped. */
export function queryString(options: ReadonlyArray<readonly [string, string | undefined]>): string {
  const pairs = options
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
    .map(([name, value]) => `${name}=${encodeValue(value)}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}
