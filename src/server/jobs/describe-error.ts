const MAX_ERROR_LENGTH = 4_000;

/** An error as stored in a lastError column: name and message, bounded. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}
