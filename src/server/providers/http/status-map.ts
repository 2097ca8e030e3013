// A provider's status words mapped onto Herald's, for vendors whose words are unknown or their own:
// the config holds the map, matched without regard to case; words not in it are not delivery reports.
import { z } from "zod";
import type { TProviderStatus } from "@/server/providers/types";

export const ZProviderStatus = z.enum(["SENT", "DELIVERED", "READ", "UNDELIVERED", "FAILED"], { error: "expected SENT, DELIVERED, READ, UNDELIVERED or FAILED" });

export const ZStatusMap = z
  .record(z.string().trim().min(1, "expected the provider's status word").max(64), ZProviderStatus, { error: 'expected the provider\'s statuses mapped onto Herald\'s, e.g. {"DELIVRD": "DELIVERED"}' })
  .refine((map) => Object.keys(map).length <= 50, "expected at most 50 statuses");

/** Herald's status for the provider's word, or null when the map does not name it. */
export function mapStatusWord(map: Readonly<Record<string, TProviderStatus>>, word: string): TProviderStatus | null {
  const wanted = word.trim().toLowerCase();
  for (const [key, status] of Object.entries(map)) if (key.toLowerCase() === wanted) return status;
  return null;
}
