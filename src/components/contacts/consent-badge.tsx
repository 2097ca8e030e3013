"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";

/** One channel's consent as a small badge: "SMS: withdrawn". */
export function ConsentBadge({ channel, status }: { channel: string; status: string }) {
  const t = useTranslations("contacts");
  return <Badge tone={status === "WITHDRAWN" ? "danger" : "success"}>{t("consentBadge", { channel: t(`channels.${channel}`), status: t(`status.${status}`) })}</Badge>;
}
