import type { TRouterOutputs } from "@/trpc/types";

export type TCampaignView = TRouterOutputs["campaigns"]["get"];
export type TCampaignSummaryView = { rows: number; ready: number; skipped: number; rejected: number; wouldSend: number; skipReasons: Record<string, number>; warnings: string[] };

export const RECIPIENT_FIELDS = ["externalId", "name", "phone", "whatsapp", "email", "language"] as const;
export type TRecipientField = (typeof RECIPIENT_FIELDS)[number];
export type TMappingDraft = Partial<Record<TRecipientField, string>> & { variables: Record<string, string> };
