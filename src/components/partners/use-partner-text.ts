"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useCurrentLab } from "@/components/shell/current-lab";
import { useTriggerText } from "@/components/triggers/use-trigger-text";

/**
 * What the partners page names in the viewer's language: the triggers partners can be told of (from
 * the catalogue, so a new partner trigger needs no change here), languages and time zones.
 */
export function usePartnerText() {
  const locale = useLocale();
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const text = useTriggerText();
  const triggers = useQuery(trpc.triggers.list.queryOptions({ labId: lab.id }));
  const languages = new Intl.DisplayNames([locale], { type: "language", fallback: "code" });
  const catalogue = new Map((triggers.data ?? []).map((trigger) => [trigger.key, trigger]));
  return {
    /** Triggers whose audience includes partners, in catalogue order. */
    partnerTriggers: (triggers.data ?? []).filter((trigger) => trigger.audience !== "PATIENT"),
    triggerName: (key: string) => text.name(catalogue.get(key) ?? { key, name: key }),
    language: (code: string) => languages.of(code) ?? code,
    /** "Gulf Standard Time" for Asia/Dubai, in the viewer's words; the zone's id where the browser has no name for it. */
    timeZone: (zone: string) => new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "longGeneric" }).formatToParts(new Date()).find((part) => part.type === "timeZoneName")?.value ?? zone,
  };
}
