import type { z } from "zod";
import type { TIssueParams } from "@/server/errors";

// The details of zod's issues that say what was expected, so a client can say it in its own words.
const DETAILS = ["origin", "minimum", "maximum", "inclusive", "format", "expected", "divisor", "values", "keys"] as const;

const plain = (value: unknown): string | number | boolean => (typeof value === "number" || typeof value === "boolean" ? value : String(value));

/** `{ params }` for an issue with details (a refinement's own `params` included), or nothing. */
export function paramsOfZodIssue(issue: z.core.$ZodIssue): { params?: TIssueParams } {
  const params: TIssueParams = {};
  const source = issue as unknown as Record<string, unknown>;
  for (const key of DETAILS) {
    const value = source[key];
    if (value === undefined) continue;
    params[key] = Array.isArray(value) ? value.map((v) => String(plain(v))) : plain(value);
  }
  if (issue.code === "custom" && issue.params) {
    for (const [key, value] of Object.entries(issue.params)) params[key] = Array.isArray(value) ? value.map(String) : plain(value);
  }
  return Object.keys(params).length > 0 ? { params } : {};
}
