/**
 * The ORM-style filter used by `event.offline.get/list` (`{'>ID': 10, 'EVENT_NAME': 'ONCRMCOMPANYADD'}`): an
 * operator prefix on the key, a field name after it. Only whitelisted fields are honoured, like the portal's
 * sanitizeFilter; comparisons are numeric when both sides are numbers, chronological for ISO dates.
 */
const operators = ['>=', '<=', '!=', '!%', '!@', '>', '<', '=', '!', '%', '@'] as const;
type Operator = (typeof operators)[number] | '';

export interface FilterTerm {
  field: string;
  op: Operator;
  value: unknown;
}

export function parseFilter(filter: unknown, allowed: readonly string[]): FilterTerm[] {
  if (!filter || typeof filter !== 'object' || Array.isArray(filter)) return [];
  const terms: FilterTerm[] = [];
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    const op = operators.find((candidate) => key.startsWith(candidate)) ?? '';
    const field = key.slice(op.length).toUpperCase();
    if (allowed.includes(field)) terms.push({ field, op, value });
  }
  return terms;
}

export function matchesFilter(row: Record<string, unknown>, terms: FilterTerm[]): boolean {
  return terms.every((term) => matchesTerm(row[term.field], term));
}

function matchesTerm(actual: unknown, { op, value }: FilterTerm): boolean {
  const list = Array.isArray(value) ? value : [value];
  switch (op) {
    case '':
    case '=':
    case '@':
      return list.some((v) => compare(actual, v) === 0);
    case '!':
    case '!=':
    case '!@':
      return list.every((v) => compare(actual, v) !== 0);
    case '>':
      return compare(actual, value) > 0;
    case '>=':
      return compare(actual, value) >= 0;
    case '<':
      return compare(actual, value) < 0;
    case '<=':
      return compare(actual, value) <= 0;
    case '%':
      return String(actual ?? '')
        .toLowerCase()
        .includes(String(value ?? '').toLowerCase());
    case '!%':
      return !String(actual ?? '')
        .toLowerCase()
        .includes(String(value ?? '').toLowerCase());
  }
}

/** Three-way comparison: numbers, then ISO dates, then strings. */
export function compare(a: unknown, b: unknown): number {
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na !== undefined && nb !== undefined) return Math.sign(na - nb);
  const da = toDate(a);
  const db = toDate(b);
  if (da !== undefined && db !== undefined) return Math.sign(da - db);
  return String(a ?? '').localeCompare(String(b ?? ''));
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

function toDate(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** `{FIELD: 'ASC'|'DESC'}` → comparator; unknown fields ignored, ties broken by ID. */
export function orderBy(order: unknown, allowed: readonly string[], fallback: Record<string, string>) {
  const spec =
    order && typeof order === 'object' && !Array.isArray(order)
      ? (order as Record<string, unknown>)
      : fallback;
  const keys = Object.entries(spec)
    .map(([field, dir]) => ({ field: field.toUpperCase(), desc: String(dir).toUpperCase() === 'DESC' }))
    .filter((k) => allowed.includes(k.field));
  return (a: Record<string, unknown>, b: Record<string, unknown>): number => {
    for (const { field, desc } of keys) {
      const c = compare(a[field], b[field]);
      if (c !== 0) return desc ? -c : c;
    }
    return compare(a.ID, b.ID);
  };
}
