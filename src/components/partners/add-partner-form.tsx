"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { InlineForm } from "@/components/ui/inline-form";
import { PARTNER_FIELDS, PartnerFields, partnerFieldsOf, type TPartnerDraft } from "@/components/partners/partner-fields";

const EMPTY: TPartnerDraft = { name: "", type: "CLINIC", externalId: "", timezone: "" };

export function AddPartnerForm({ onAdded }: { onAdded: (partnerId: string) => void }) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("partners.add");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const [draft, setDraft] = useState<TPartnerDraft>(EMPTY);
  const create = useMutation(
    trpc.partners.create.mutationOptions({
      onSuccess: async (partner) => {
        setDraft({ ...EMPTY, type: draft.type });
        await queryClient.invalidateQueries(trpc.partners.list.pathFilter());
        onAdded(partner.id);
      },
    }),
  );
  const errors = formErrorsOf(create.error, PARTNER_FIELDS);
  return (
    <InlineForm
      id="add-partner"
      title={t("title")}
      description={t("description")}
      error={errors.form}
      submitLabel={t("submit")}
      busy={create.isPending}
      onSubmit={() => create.mutate({ labId: lab.id, ...partnerFieldsOf(draft) })}
    >
      <PartnerFields idPrefix="partner" draft={draft} errors={errors.fields} onChange={setDraft} layout={{ name: "sm:min-w-48 sm:flex-1", type: "sm:w-44", externalId: "sm:w-56", timezone: "sm:w-52" }} />
    </InlineForm>
  );
}
