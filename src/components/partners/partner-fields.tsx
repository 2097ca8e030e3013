"use client";

import { useMemo } from "react";
import { useTranslations } from "next-intl";
import { SelectField, TextField } from "@/components/ui/field";
import { PARTNER_TYPES } from "@/components/partners/types";

export type TPartnerDraft = { name: string; type: (typeof PARTNER_TYPES)[number]; externalId: string; timezone: string };

export const PARTNER_FIELDS = ["name", "type", "externalId", "timezone"] as const;

/** What the API takes from a draft: an empty external id or time zone is none (the lab's zone). */
export function partnerFieldsOf(draft: TPartnerDraft) {
  return { name: draft.name, type: draft.type, externalId: draft.externalId.trim() || null, timezone: draft.timezone.trim() || null };
}

type TPartnerFieldsProps = {
  /** Prefixes the controls' ids, so two forms on a page keep theirs apart. */
  idPrefix: string;
  draft: TPartnerDraft;
  errors: Partial<Record<(typeof PARTNER_FIELDS)[number], string | null>>;
  onChange: (draft: TPartnerDraft) => void;
  /** Classes per field, for the form's layout. */
  layout?: Partial<Record<(typeof PARTNER_FIELDS)[number], string>>;
};

/** A partner's own fields: name, type, the lab system's id and the time zone of its digests. */
export function PartnerFields({ idPrefix, draft, errors, onChange, layout = {} }: TPartnerFieldsProps) {
  const t = useTranslations("partners.fields");
  const tTypes = useTranslations("partners.types");
  // Suggestions only: the server's zone list decides.
  const timeZones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);
  const set = (field: keyof TPartnerDraft) => (event: { target: { value: string } }) => onChange({ ...draft, [field]: event.target.value });
  return (
    <>
      <TextField id={`${idPrefix}-name`} label={t("name")} value={draft.name} onChange={set("name")} error={errors.name} className={layout.name} />
      <SelectField id={`${idPrefix}-type`} label={t("type")} value={draft.type} onChange={set("type")} error={errors.type} className={layout.type}>
        {PARTNER_TYPES.map((value) => (
          <option key={value} value={value}>
            {tTypes(value)}
          </option>
        ))}
      </SelectField>
      <TextField id={`${idPrefix}-external-id`} label={t("externalId")} hint={t("externalIdHint")} dir="ltr" value={draft.externalId} onChange={set("externalId")} error={errors.externalId} className={layout.externalId} />
      <TextField
        id={`${idPrefix}-timezone`}
        label={t("timezone")}
        hint={t("timezoneHint")}
        list={`${idPrefix}-timezone-options`}
        spellCheck={false}
        dir="ltr"
        value={draft.timezone}
        onChange={set("timezone")}
        error={errors.timezone}
        className={layout.timezone}
      />
      <datalist id={`${idPrefix}-timezone-options`}>
        {timeZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
