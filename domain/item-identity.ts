/**
 * Which Bitrix24 item a request is about. Item ids are unique on a portal, but a portal restored from a
 * backup (or a recreated sandbox) hands the same id out again; the creation time, which an item keeps
 * for life, tells the two apart.
 */

/** Same instant, whatever the offset notation (`…+03:00` vs `…Z`); unknown on either side counts as same. */
export function sameItemIncarnation(known: string | undefined, seen: string | undefined): boolean {
  if (!known || !seen) return true;
  const a = Date.parse(known);
  const b = Date.parse(seen);
  if (Number.isNaN(a) || Number.isNaN(b)) return known === seen;
  return a === b;
}
