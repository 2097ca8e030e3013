import type { TStatusReport } from "@/server/providers/types";

/**
 * A failure code a provider's callback or status lookup reported, as Herald stores it: translated by
 * the table the adapter's refusals are classified with, so a failure refused at once and the same
 * failure reported later are one code; the provider's own code is kept beside it. A code the table
 * does not know stays the provider's.
 */
export function reportedCode(code: string | undefined, reasonOf: (code: string) => string | undefined): Pick<TStatusReport, "errorCode" | "providerCode"> {
  if (code === undefined) return {};
  const reason = reasonOf(code);
  return reason !== undefined && reason !== code ? { errorCode: reason, providerCode: code } : { errorCode: code };
}

/** A code table's reason for a code, own keys only (never `constructor` and the like). */
export function reasonIn<T extends { code: string }>(table: Readonly<Record<string | number, T>>, code: string): string | undefined {
  return Object.hasOwn(table, code) ? table[code]!.code : undefined;
}
