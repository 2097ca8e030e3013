// The benches' command-line numbers, checked: a typo is an error naming the option, never a NaN run.
export function wholeNumber(values: Record<string, unknown>, name: string, min: number): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name}: expected a whole number of at least ${min}, got ${String(values[name])}`);
  return value;
}

export function share(values: Record<string, unknown>, name: string): number {
  const value = Number(values[name]);
  if (!(value >= 0 && value <= 1)) throw new Error(`--${name}: expected a share from 0 to 1, got ${String(values[name])}`);
  return value;
}

/** The p-th percentile of ascending `sorted` (nearest rank); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
