"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";

const TONES = { DRAFT: "neutral", SCHEDULED: "info", RUNNING: "info", PAUSED: "neutral", COMPLETED: "success", CANCELLED: "danger" } as const;

export type TCampaignStatus = keyof typeof TONES;

export function CampaignStatusBadge({ status }: { status: TCampaignStatus }) {
  const t = useTranslations("campaigns.status");
  return <Badge tone={TONES[status]}>{t(status)}</Badge>;
}
