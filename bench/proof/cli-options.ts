// The suites' command-line numbers, checked: a typo is an error naming the option, never a NaN run.
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
