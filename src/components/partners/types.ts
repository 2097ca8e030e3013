import type { TRouterOutputs } from "@/trpc/types";

export type TPartner = TRouterOutputs["partners"]["get"];
export type TPartnerSummary = TRouterOutputs["partners"]["list"]["partners"][number];
export const PARTNER_TYPES = ["CLINIC", "HOSPITAL", "CORPORATE", "INSURER", "OTHER"] as const;
