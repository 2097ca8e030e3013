"use client";

import { useMemo, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { SelectField, TextField } from "@/components/ui/field";
import { InlineForm } from "@/components/ui/inline-form";
import { PARTNER_TYPES } from "@/components/partners/types";

const FIELDS = ["name", "type", "externalId", "timezone"] as const;

export function AddPartnerForm({ onAdded }: { onAdded: (partnerId: string) => void }) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("partners.add");
  const tTypes = useTranslations("partners.types");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const [name, setName] = useState("");
  const [type, setType] = useState<(typeof PARTNER_TYPES)[number]>("CLINIC");
  const [externalId, setExternalId] = useState("");
  const [timezone, setTimezone] = useState("");
  // Suggestions only: the server's zone list decides.
  const timeZones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);
  const create = useMutation(
    trpc.partners.create.mutationOptions({
      onSuccess: async (partner) => {
        setName("");
        setExternalId("");
        setTimezone("");
        await queryClient.invalidateQueries(trpc.partners.list.pathFilter());
        onAdded(partner.id);
      },
    }),
  );
  const errors = formErrorsOf(create.error, FIELDS);
  return (
    <InlineForm
      id="add-partner"
      title={t("title")}
      description={t("description")}
      error={errors.form}
      submitLabel={t("submit")}
      busy={create.isPending}
      onSubmit={() => create.mutate({ labId: lab.id, name, type, ...(externalId.trim() && { externalId }), ...(timezone.trim() && { timezone: timezone.trim() }) })}
    >
      <TextField id="partner-name" label={t("name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} className="sm:flex-1" />
      <SelectField id="partner-type" label={t("type")} value={type} onChange={(e) => setType(e.target.value as typeof type)} error={errors.fields.type} className="sm:w-44">
        {PARTNER_TYPES.map((value) => (
          <option key={value} value={value}>
            {tTypes(value)}
          </option>
        ))}
      </SelectField>
      <TextField id="partner-external-id" label={t("externalId")} hint={t("externalIdHint")} dir="ltr" value={externalId} onChange={(e) => setExternalId(e.target.value)} error={errors.fields.externalId} className="sm:w-56" />
      <TextField id="partner-timezone" label={t("timezone")} hint={t("timezoneHint")} list="partner-timezone-options" spellCheck={false} dir="ltr" value={timezone} onChange={(e) => setTimezone(e.target.value)} error={errors.fields.timezone} className="sm:w-52" />
      <datalist id="partner-timezone-options">
        {timeZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </InlineForm>
  );
}
