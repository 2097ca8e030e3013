"use client";

import { useFormatter, useTranslations } from "next-intl";

/**
 * Where the words for a field's stored values live, most specific first: the
 * pages that show those values already name them, and the audit log says them
 * the same way. A value found in none of these is free text and shown as stored.
 */
const VALUE_MESSAGES: Record<string, readonly string[]> = {
  channel: ["contacts.channels"],
  channels: ["contacts.channels"],
  status: ["contacts.status", "messages.status"],
  previous: ["messages.status"],
  ignored: ["audit.values.ignored"],
  lifted: ["audit.values.lifted"],
  unanswered: ["stats.reasons"],
  role: ["common.roles"],
  source: ["contacts.consent.sources", "audit.values.sources", "messages.sources"],
  reason: ["suppressions.reasons"],
  category: ["triggers.categories"],
  type: ["partners.types"],
  defaultLanguage: ["settings.locale.languages"],
  language: ["settings.locale.languages"],
};
/** Campaigns have statuses of their own ("RUNNING" is "Sending" there). */
const CAMPAIGN_VALUE_MESSAGES: Record<string, readonly string[]> = { status: ["campaigns.status", "messages.status"] };
/** Enum-like values in a field not listed above: a channel or a status reads the same anywhere. */
const ANY_FIELD = ["contacts.channels", "messages.status", "common.roles"] as const;

/** Fields whose values are names of other fields (what a save changed). */
const FIELD_LISTS: ReadonlySet<string> = new Set(["changed", "fields"]);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const ENUM_LIKE = /^[A-Z][A-Z0-9_]*$/;

/** The audit log's words for actions, fields and stored values, in the viewer's language. */
export function useAuditText() {
  const t = useTranslations();
  const format = useFormatter();
  const fieldName = (name: string) => (t.has(`audit.fields.${name}`) ? t(`audit.fields.${name}`) : name);
  const lookup = (places: readonly string[], value: string): string | undefined => {
    // Message keys hold no dots: a value with one is never a key.
    if (value.includes(".")) return undefined;
    const place = places.find((p) => t.has(`${p}.${value}`));
    return place === undefined ? undefined : t(`${place}.${value}`);
  };

  function text(field: string, value: string, targetType: string): string {
    if (field === "triggerKey" && t.has(`triggers.catalogue.${value}.name`)) return t(`triggers.catalogue.${value}.name`);
    // A provider's refusal is recorded as "provider:<reason>".
    const refusal = /^provider:(.+)$/.exec(value);
    if (field === "source" && refusal) return t("audit.values.providerRefusal", { reason: lookup(["suppressions.reasons"], refusal[1]!) ?? refusal[1]! });
    if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return format.dateTime(new Date(value), "dateTime");
    const places = (targetType === "campaign" ? CAMPAIGN_VALUE_MESSAGES[field] : undefined) ?? VALUE_MESSAGES[field];
    return (places && lookup(places, value)) ?? (ENUM_LIKE.test(value) ? lookup(ANY_FIELD, value) : undefined) ?? value;
  }

  /** One stored value as a reader says it: a word for a known value, a date for an instant, "Yes"/"No" for a flag. */
  function value(field: string, stored: unknown, targetType: string): string {
    if (stored === null || stored === undefined) return t("common.empty");
    if (typeof stored === "boolean") return t(stored ? "audit.values.yes" : "audit.values.no");
    if (typeof stored === "number") return format.number(stored);
    if (typeof stored === "string") return FIELD_LISTS.has(field) ? fieldName(stored) : text(field, stored, targetType);
    if (Array.isArray(stored) && stored.every((item) => typeof item !== "object" || item === null)) {
      return stored.length === 0 ? t("common.empty") : format.list(stored.map((item) => value(field, item, targetType)), { type: "conjunction" });
    }
    return JSON.stringify(stored);
  }

  return {
    value,
    field: fieldName,
    /** A known action's name ("contact.consent.withdraw" is "Consent withdrawn"); undefined for one Herald has no words for yet. */
    action: (code: string) => {
      const words = t.has(`audit.actions.${code}`) ? t.raw(`audit.actions.${code}`) : undefined;
      return typeof words === "string" ? words : undefined;
    },
    target: (type: string) => (t.has(`audit.filters.targets.${type}`) ? t(`audit.filters.targets.${type}`) : type),
  };
}
