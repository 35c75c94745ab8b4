/**
 * Server time a list page costs a real portal, so the operating limit bites where it bites in production.
 * The vendor's performance guide measured one page of `crm.item.list` on a portal with 2 387 743 leads: 49.9 s
 * with the usual `start=<offset>` paging (the database counts every matching row for `total`, then walks past
 * `start` rows to reach the page) against 0.097 s with `start=-1` and an `>ID` cursor (no count, the page read
 * straight off the primary key). The model: a page costs 0.097 s; with `start ≥ 0` every counted row and every
 * skipped row costs a share of the difference, the vendor's page being a deep one (offset ≈ table size).
 * Nothing sleeps: the time is charged to `time.operating` and the operating limit, not to the wall clock.
 */

/** Seconds to read one page of at most 50 rows by primary key (the vendor's `start=-1` figure). */
export const PAGE_SECONDS = 0.097;
/** The vendor's slow page, and the table it was measured on. */
const COUNTED_PAGE_SECONDS = 49.9;
const VENDOR_TABLE_ROWS = 2_387_743;
/** Seconds per row counted for `total` or skipped to reach `start` (the two together make the vendor's figure). */
export const ROW_SECONDS = (COUNTED_PAGE_SECONDS - PAGE_SECONDS) / (2 * VENDOR_TABLE_ROWS);

/**
 * Server time of one list page: `matched` rows satisfy the filter, the page starts at `start` (-1: no count,
 * no offset).
 */
export function listPageSeconds(matched: number, start: number): number {
  if (start < 0) return PAGE_SECONDS;
  return PAGE_SECONDS + (matched + Math.min(start, matched)) * ROW_SECONDS;
}
