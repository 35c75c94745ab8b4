/** Nearest-rank percentile (the value an administrator can find in the list), undefined for no data. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  if (p <= 0 || p > 100) throw new RangeError(`percentile must be in (0, 100]: ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(rank, sorted.length) - 1];
}
