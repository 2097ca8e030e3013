import type { TRouterOutputs } from "@/trpc/types";

export type TCampaignView = TRouterOutputs["campaigns"]["get"];
export type TCampaignSummaryView = { rows: number; ready: number; skipped: number; rejected: number; wouldSend: number; skipReasons: Record<string, number>; warnings: string[] };

export const RECIPIENT_FIELDS = ["externalId", "name", "phone", "whatsapp", "email", "language"] as const;
export type TRecipientField = (typeof RECIPIENT_FIELDS)[number];
export type TMappingDraft = Partial<Record<TRecipientField, string>> & { variables: Record<string, string> };

/** The reason's key in campaigns.reasons ("missing_variable:reportId" reads as missing_variable). */
export function reasonKey(reason: string): string {
  const key = reason.split(":")[0]!;
  return KNOWN_REASONS.has(key) ? key : "other";
}

const KNOWN_REASONS = new Set([
  "consent_withdrawn",
  "suppressed",
  "preference_opt_out",
  "no_address",
  "invalid_address",
  "trigger_disabled",
  "hard_stop",
  "no_template",
  "missing_variable",
  "render_error",
  "trigger_not_allowed_on_channel",
]);
