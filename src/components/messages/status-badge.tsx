"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";

const TONES: Record<string, "success" | "danger" | "neutral" | "info"> = {
  DELIVERED: "success",
  READ: "success",
  UNDELIVERED: "danger",
  FAILED: "danger",
  SKIPPED: "neutral",
  CANCELLED: "neutral",
  SENT: "info",
};

export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations("messages.status");
  return <Badge tone={TONES[status] ?? "neutral"}>{t(status as never)}</Badge>;
}
